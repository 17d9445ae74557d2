//! String formatting: `write!` integers (decimal, hex, padded), f64 values
//! (shortest round-trip and fixed precision) and text into a `String`,
//! then hash the bytes (FNV-1a). `run(n)` formats `n` records.

use std::fmt::Write;

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut s = String::with_capacity(256);
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let f = (x >> 11) as f64 / (1u64 << 53) as f64 * 2000.0 - 1000.0;
        s.clear();
        write!(
            s,
            "#{:>6} id={:08x} v={} f={:.3} g={} n={} {}",
            i,
            x as u32,
            x >> 40,
            f,
            f / 7.0,
            -(i as i64) * 37,
            if i % 3 == 0 { "fizz" } else { "buzz" }
        )
        .unwrap();
        for b in s.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    h ^ s.len() as u64
}
