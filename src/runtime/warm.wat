;; The engine warm-up module (src/runtime/warm.ts): a little of what real code does —
;; a counted loop, memory loads and stores (one at a scaled index), direct, indirect
;; and host calls, a br_table reached with a negative index (LLVM's switch on `x - k`),
;; i64, f32 and f64 arithmetic, negative constants, globals, select. Its bytes are in warm.ts;
;; test/runtime/warm.test.ts checks they are this file assembled by wat2wasm.
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "host" (func $host (type $t)))
  (memory 1)
  (global $g (mut i32) (i32.const 7))
  (global $h (mut i64) (i64.const 3))
  (table 4 funcref)
  (elem (i32.const 0) $a $b $a $b)
  (func $a (type $t) (i32.add (local.get 0) (global.get $g)))
  (func $b (type $t) (local i32)
    (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.load8_u offset=3 (i32.and (local.get 1) (i32.const 255)))))
      (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 20))))
    (local.get 1))
  (func $mix (param $x i64) (param $y i64) (result i64)
    (i64.xor (i64.mul (local.get $x) (i64.const 0x9e3779b97f4a7c15)) (i64.rotl (local.get $y) (i64.const 13))))
  (func $flt (param $f f32) (param $d f64) (result f64)
    (f64.add (f64.promote_f32 (f32.mul (local.get $f) (f32.const 1.5))) (f64.sqrt (f64.abs (local.get $d)))))
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $s i32) (local $w i64) (local $d f64)
    (loop $top
      (i32.store (i32.shl (i32.and (local.get $i) (i32.const 63)) (i32.const 2)) (local.get $s))
      (local.set $s (i32.add (local.get $s) (call_indirect (type $t) (local.get $i) (i32.and (local.get $i) (i32.const 3)))))
      (local.set $s (i32.add (call $host (local.get $s))
        (i32.load (i32.add (i32.and (local.get $s) (i32.const 0x3f00)) (i32.shl (i32.and (local.get $i) (i32.const 15)) (i32.const 2))))))
      (local.set $s (i32.and (local.get $s) (i32.const -300)))
      (local.set $w (call $mix (i64.extend_i32_u (local.get $s)) (local.get $w)))
      (local.set $d (call $flt (f32.convert_i32_s (local.get $i)) (local.get $d)))
      (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 (i32.sub (i32.rem_u (local.get $i) (i32.const 4)) (i32.const 1))))
        (local.set $s (i32.xor (local.get $s) (i32.const 0x55))) (br $b2))
        (local.set $s (select (local.get $s) (i32.const 1) (i32.gt_s (local.get $s) (i32.const 0)))))
      (global.set $h (i64.add (global.get $h) (local.get $w)))
      (br_if $top (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.add (local.get $s) (i32.add (i32.wrap_i64 (global.get $h)) (i32.trunc_sat_f64_s (local.get $d))))))
