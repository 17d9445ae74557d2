//! Sorting: an introsort-style quicksort (median of three, insertion sort
//! below 16 elements) of u32 keys, an LSD radix sort of (key, payload)
//! pairs, and a merge of the two results checked for order. Written for
//! issue 15 independently of intarray's heapsort and merge sort.

fn lcg(state: &mut u32) -> u32 {
    *state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
    *state ^ (*state >> 15)
}

fn insertion(v: &mut [u32]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

fn quicksort(v: &mut [u32]) {
    let mut v = v;
    while v.len() > 16 {
        let n = v.len();
        let (a, b, c) = (v[0], v[n / 2], v[n - 1]);
        // the median of the three, also with equal keys (two of the three are at or
        // above it and two at or below, so the partition below always splits)
        let pivot = if a < b {
            if b < c { b } else if a < c { c } else { a }
        } else if a < c {
            a
        } else if b < c {
            c
        } else {
            b
        };
        let (mut i, mut j) = (0usize, n - 1);
        loop {
            while v[i] < pivot { i += 1; }
            while v[j] > pivot { j -= 1; }
            if i >= j { break; }
            v.swap(i, j);
            i += 1;
            j -= 1;
        }
        let (left, right) = v.split_at_mut(j + 1);
        if left.len() < right.len() {
            quicksort(left);
            v = right;
        } else {
            quicksort(right);
            v = left;
        }
    }
    insertion(v);
}

fn radix(pairs: &mut Vec<(u32, u32)>) {
    let mut tmp = vec![(0u32, 0u32); pairs.len()];
    for shift in [0u32, 8, 16, 24] {
        let mut count = [0usize; 257];
        for p in pairs.iter() { count[((p.0 >> shift) & 255) as usize + 1] += 1; }
        for k in 0..256 { count[k + 1] += count[k]; }
        for p in pairs.iter() {
            let d = ((p.0 >> shift) & 255) as usize;
            tmp[count[d]] = *p;
            count[d] += 1;
        }
        core::mem::swap(pairs, &mut tmp);
    }
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut seed = 0xC0FFEE ^ n;
    let mut acc = 0u64;
    for round in 0..n {
        let len = 3000 + (round as usize % 7) * 131;
        let mut keys: Vec<u32> = (0..len).map(|_| lcg(&mut seed) % 100_000).collect();
        let mut pairs: Vec<(u32, u32)> = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        quicksort(&mut keys);
        radix(&mut pairs);
        let mut ok = 1u64;
        for i in 0..len {
            if keys[i] != pairs[i].0 { ok = 0; }
            if i > 0 && pairs[i - 1].0 == pairs[i].0 && pairs[i - 1].1 > pairs[i].1 { ok = 0; } // stable
        }
        acc = acc.rotate_left(7) ^ (keys[len / 3] as u64) ^ ((pairs[len / 2].1 as u64) << 20) ^ ok;
    }
    acc
}
