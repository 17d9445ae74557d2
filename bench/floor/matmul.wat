;; The f32 kernel of `npm run bench:floor` (bench/floor.ts): `reps` times the
;; 32×32 f32 matrix product c = a·b, one `s += a[i][k] * b[k][j]` chain of 32
;; steps per element — the loop that is three quarters of f32sim's time.
;; a is at 0, b at 4096, c at 8192, row-major; the host fills a and b.
(module
  (memory (export "mem") 1)
  (func (export "matmul") (param $reps i32)
    (local $r i32) (local $i i32) (local $j i32) (local $k i32) (local $s f32)
    (loop $R
      (local.set $i (i32.const 0))
      (loop $I
        (local.set $j (i32.const 0))
        (loop $J
          (local.set $s (f32.const 0))
          (local.set $k (i32.const 0))
          (loop $K
            (local.set $s
              (f32.add (local.get $s)
                (f32.mul
                  (f32.load (i32.add (i32.shl (local.get $i) (i32.const 7))
                                     (i32.shl (local.get $k) (i32.const 2))))
                  (f32.load offset=4096 (i32.add (i32.shl (local.get $k) (i32.const 7))
                                                 (i32.shl (local.get $j) (i32.const 2)))))))
            (br_if $K (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 32))))
          (f32.store offset=8192
            (i32.add (i32.shl (local.get $i) (i32.const 7)) (i32.shl (local.get $j) (i32.const 2)))
            (local.get $s))
          (br_if $J (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 32))))
        (br_if $I (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 32))))
      (br_if $R (i32.ne (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $reps))))))
