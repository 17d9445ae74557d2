//! Integer array work: a sieve of Eratosthenes, an in-place heapsort and a
//! merge sort (both written here) plus a prefix-sum/binary-search pass, over
//! u32 arrays. `run(n)` repeats the round `n` times and returns a checksum.

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u32 {
        // PCG-style LCG, high bits.
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
}

fn sieve(limit: usize, flags: &mut Vec<u8>) -> u32 {
    flags.clear();
    flags.resize(limit + 1, 1);
    flags[0] = 0;
    flags[1] = 0;
    let mut i = 2;
    while i * i <= limit {
        if flags[i] != 0 {
            let mut j = i * i;
            while j <= limit {
                flags[j] = 0;
                j += i;
            }
        }
        i += 1;
    }
    flags.iter().map(|&f| f as u32).sum()
}

fn heapsort(a: &mut [u32]) {
    fn sift(a: &mut [u32], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                break;
            }
            if child + 1 < end && a[child] < a[child + 1] {
                child += 1;
            }
            if a[root] >= a[child] {
                break;
            }
            a.swap(root, child);
            root = child;
        }
    }
    let n = a.len();
    for i in (0..n / 2).rev() {
        sift(a, i, n);
    }
    for end in (1..n).rev() {
        a.swap(0, end);
        sift(a, 0, end);
    }
}

fn merge_sort(a: &mut [u32], tmp: &mut [u32]) {
    let n = a.len();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < hi {
                if a[l] <= a[r] {
                    tmp[k] = a[l];
                    l += 1;
                } else {
                    tmp[k] = a[r];
                    r += 1;
                }
                k += 1;
            }
            tmp[k..k + (mid - l)].copy_from_slice(&a[l..mid]);
            k += mid - l;
            tmp[k..k + (hi - r)].copy_from_slice(&a[r..hi]);
            i += 2 * width;
        }
        a.copy_from_slice(&tmp[..n]);
        width *= 2;
    }
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    const LEN: usize = 4096;
    let mut rng = Rng(42);
    let mut flags = Vec::new();
    let mut a = vec![0u32; LEN];
    let mut b = vec![0u32; LEN];
    let mut tmp = vec![0u32; LEN];
    let mut sum = 0u64;
    for r in 0..n {
        sum = sum.wrapping_add(sieve(20_000 + (r as usize % 64), &mut flags) as u64);
        for i in 0..LEN {
            let v = rng.next();
            a[i] = v;
            b[i] = v ^ 0x5555;
        }
        heapsort(&mut a);
        merge_sort(&mut b, &mut tmp);
        // Prefix sums and binary searches over the sorted arrays.
        let mut prefix = 0u32;
        for i in 0..LEN {
            prefix = prefix.wrapping_add(a[i] >> 8);
            b[i] ^= prefix;
        }
        for k in 0..256u32 {
            let key = k.wrapping_mul(0x0100_0193) ^ r;
            let pos = match a.binary_search(&key) {
                Ok(p) => p,
                Err(p) => p,
            };
            sum = sum.wrapping_mul(31).wrapping_add(pos as u64);
        }
        sum = sum.wrapping_mul(31).wrapping_add(a[r as usize % LEN] as u64 ^ b[(r as usize * 7) % LEN] as u64);
    }
    sum
}
