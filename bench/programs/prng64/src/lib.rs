//! i64-heavy random numbers: xoshiro256** draws, reduced to ranges with a
//! 64×64→128-bit multiply (Lemire's method) and with i64 remainders, mixed
//! into a wyhash-style fold and a 4096-bucket histogram. Written for
//! issue 15 independently of hash64.

struct Xoshiro {
    s: [u64; 4],
}

impl Xoshiro {
    fn new(seed: u64) -> Self {
        let mut z = seed;
        let mut s = [0u64; 4];
        for v in s.iter_mut() {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            x = (x ^ (x >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
            *v = x ^ (x >> 33);
        }
        Xoshiro { s }
    }

    #[inline(always)]
    fn next(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }
}

#[inline(always)]
fn mum(a: u64, b: u64) -> u64 {
    let r = (a as u128) * (b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut rng = Xoshiro::new(0x5EED_0000_0000_0001 ^ n as u64);
    let mut hist = [0u32; 4096];
    let mut fold = 0xA076_1D64_78BD_642F_u64;
    for round in 0..n as u64 {
        for i in 0..1024u64 {
            let x = rng.next();
            // Lemire: x * range >> 64, the high word of a 128-bit product
            let bucket = (((x as u128) * 4096u128) >> 64) as usize;
            hist[bucket] = hist[bucket].wrapping_add(1);
            let y = rng.next();
            let m = (y % (1 + (round * 1024 + i) % 1_000_003)) as u64;
            fold = mum(fold ^ x, 0xE703_7ED1_A0B4_28DB ^ m);
            if (fold as i64) < 0 {
                fold = fold.rotate_right((y & 63) as u32) / ((i | 1) * 3);
            }
        }
    }
    let mut acc = fold;
    for (k, &h) in hist.iter().enumerate() {
        acc = acc.wrapping_mul(0x100_0000_01B3) ^ (h as u64) ^ ((k as u64) << 32);
    }
    acc
}
