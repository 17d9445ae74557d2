;; The depth probe: frame 1 nests exactly CALL_DEPTH_LIMIT (20,000) wasm frames
;; (update, then rec 19,998 down to 0) and must succeed; frame 2 nests one more
;; and must trap with 'call stack exhausted' - on every engine and in every
;; environment (test/e2e/web.test.ts runs it in a Chromium Web Worker too).
;; expect: trap
;; message: overflowed its stack in frame 2 (deep recursion in rec): call stack exhausted
;; within-ms: 20000
;; arcade.game: abi=1
;; arcade.game: title=Depth probe
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "reached 20000 frames")
  (global $frame (mut i32) (i32.const 0))
  (func $rec (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func (export "update") (param f32)
    (local $n i32)
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))
    ;; frame 1: 19,998 (20,000 frames in all); frame 2: 19,999 (one too many)
    (local.set $n (i32.add (i32.const 19997) (global.get $frame)))
    (if (i32.ne (call $rec (local.get $n)) (local.get $n)) (then unreachable))
    (call $log (i32.const 0) (i32.const 20)))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
