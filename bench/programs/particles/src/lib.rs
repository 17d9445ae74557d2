//! A physics step on f32 structs: 1024 particles (position, velocity,
//! radius, inverse mass as an array of structs) under gravity and drag,
//! colliding with the walls and, through a uniform grid, with each other
//! (impulses along the contact normal, `sqrt`), integrated with
//! semi-implicit Euler. Written for issue 15 independently of f32sim.

#[derive(Clone, Copy)]
struct P {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    r: f32,
    inv_m: f32,
}

const N: usize = 1024;
const W: f32 = 256.0;
const H: f32 = 256.0;
const CELL: f32 = 8.0;
const GW: usize = 32;

fn rnd(s: &mut u32) -> f32 {
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    (*s >> 8) as f32 / 16_777_216.0
}

fn step(ps: &mut [P], head: &mut [i32], next: &mut [i32], dt: f32) {
    for p in ps.iter_mut() {
        p.vy += 98.0 * dt;
        p.vx *= 0.999;
        p.vy *= 0.999;
        p.x += p.vx * dt;
        p.y += p.vy * dt;
        if p.x < p.r { p.x = p.r; p.vx = -p.vx * 0.8; }
        if p.x > W - p.r { p.x = W - p.r; p.vx = -p.vx * 0.8; }
        if p.y < p.r { p.y = p.r; p.vy = -p.vy * 0.8; }
        if p.y > H - p.r { p.y = H - p.r; p.vy = -p.vy * 0.8; }
    }
    for h in head.iter_mut() { *h = -1; }
    for (i, p) in ps.iter().enumerate() {
        let c = ((p.y / CELL) as usize).min(GW - 1) * GW + ((p.x / CELL) as usize).min(GW - 1);
        next[i] = head[c];
        head[c] = i as i32;
    }
    for i in 0..ps.len() {
        let (cx, cy) = (((ps[i].x / CELL) as usize).min(GW - 1), ((ps[i].y / CELL) as usize).min(GW - 1));
        for gy in cy.saturating_sub(1)..(cy + 2).min(GW) {
            for gx in cx.saturating_sub(1)..(cx + 2).min(GW) {
                let mut j = head[gy * GW + gx];
                while j >= 0 {
                    let ju = j as usize;
                    if ju > i {
                        let (a, b) = (ps[i], ps[ju]);
                        let (dx, dy) = (b.x - a.x, b.y - a.y);
                        let d2 = dx * dx + dy * dy;
                        let rr = a.r + b.r;
                        if d2 < rr * rr && d2 > 1e-6 {
                            let d = d2.sqrt();
                            let (nx, ny) = (dx / d, dy / d);
                            let rel = (b.vx - a.vx) * nx + (b.vy - a.vy) * ny;
                            if rel < 0.0 {
                                let imp = -1.8 * rel / (a.inv_m + b.inv_m);
                                ps[i].vx -= imp * a.inv_m * nx;
                                ps[i].vy -= imp * a.inv_m * ny;
                                ps[ju].vx += imp * b.inv_m * nx;
                                ps[ju].vy += imp * b.inv_m * ny;
                            }
                            let push = (rr - d) * 0.5;
                            ps[i].x -= nx * push;
                            ps[i].y -= ny * push;
                            ps[ju].x += nx * push;
                            ps[ju].y += ny * push;
                        }
                    }
                    j = next[ju];
                }
            }
        }
    }
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut s = 0x1234_5678u32;
    let mut ps: Vec<P> = (0..N)
        .map(|_| {
            let r = 1.0 + rnd(&mut s) * 2.0;
            P { x: r + rnd(&mut s) * (W - 2.0 * r), y: r + rnd(&mut s) * (H - 2.0 * r), vx: rnd(&mut s) * 40.0 - 20.0, vy: rnd(&mut s) * 40.0 - 20.0, r, inv_m: 1.0 / (r * r) }
        })
        .collect();
    let mut head = vec![-1i32; GW * GW];
    let mut next = vec![-1i32; N];
    for _ in 0..n {
        step(&mut ps, &mut head, &mut next, 1.0 / 120.0);
    }
    let mut acc = 0u64;
    for p in &ps {
        acc = acc.rotate_left(9) ^ p.x.to_bits() as u64 ^ ((p.vy.to_bits() as u64) << 32);
    }
    acc
}
