//! f32 maths: a particle system (springs to an anchor, drag, wall bounces,
//! f32 sqrt) followed by a 32×32 f32 matrix product per step. `run(n)` does
//! `n` steps and returns a checksum of the f32 bit patterns.

const P: usize = 512;
const M: usize = 32;

struct Rng(u32);
impl Rng {
    fn next(&mut self) -> u32 {
        // xorshift32
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 8) as f32 * (1.0 / 16_777_216.0)
    }
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut rng = Rng(0x9E37_79B9);
    let mut px = [0f32; P];
    let mut py = [0f32; P];
    let mut vx = [0f32; P];
    let mut vy = [0f32; P];
    for i in 0..P {
        px[i] = rng.unit() * 200.0 - 100.0;
        py[i] = rng.unit() * 200.0 - 100.0;
        vx[i] = rng.unit() - 0.5;
        vy[i] = rng.unit() - 0.5;
    }
    let mut a = [[0f32; M]; M];
    let mut b = [[0f32; M]; M];
    let mut c = [[0f32; M]; M];
    for i in 0..M {
        for j in 0..M {
            a[i][j] = rng.unit() - 0.5;
            b[i][j] = if i == j { 0.999 } else { (rng.unit() - 0.5) * 0.01 };
        }
    }
    let dt = 1.0f32 / 60.0;
    let mut sum: u64 = 0;
    for step in 0..n {
        // Particles.
        let ax = (step % 97) as f32 - 48.0;
        let ay = (step % 89) as f32 - 44.0;
        for i in 0..P {
            let dx = ax - px[i];
            let dy = ay - py[i];
            let d = (dx * dx + dy * dy + 1.0).sqrt();
            let f = 40.0 / d;
            vx[i] = (vx[i] + dx / d * f * dt) * 0.995;
            vy[i] = (vy[i] + dy / d * f * dt) * 0.995;
            px[i] += vx[i] * dt;
            py[i] += vy[i] * dt;
            if px[i] < -100.0 || px[i] > 100.0 {
                vx[i] = -vx[i] * 0.8;
                px[i] = px[i].max(-100.0).min(100.0);
            }
            if py[i] < -100.0 || py[i] > 100.0 {
                vy[i] = -vy[i] * 0.8;
                py[i] = py[i].max(-100.0).min(100.0);
            }
        }
        // Matrix product c = a * b, then a = c.
        for i in 0..M {
            for j in 0..M {
                let mut s = 0f32;
                for k in 0..M {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        a = c;
        if step % 64 == 63 {
            // Renormalise so the matrix stays in range.
            let mut m = 0f32;
            for row in a.iter() {
                for v in row.iter() {
                    m = m.max(v.abs());
                }
            }
            let inv = 1.0 / (m + 1e-6);
            for row in a.iter_mut() {
                for v in row.iter_mut() {
                    *v *= inv;
                }
            }
        }
        sum = sum.wrapping_mul(31).wrapping_add(px[(step as usize) % P].to_bits() as u64);
    }
    for i in 0..P {
        sum = sum.wrapping_mul(31).wrapping_add((px[i] + py[i]).to_bits() as u64);
    }
    for row in a.iter() {
        for v in row.iter() {
            sum = sum.wrapping_mul(31).wrapping_add(v.to_bits() as u64);
        }
    }
    sum
}
