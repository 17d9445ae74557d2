;; Recursion without end: the same 'call stack exhausted' trap on every engine
;; (the engines count frames themselves: 20,000, docs/abi.md "Resource limits").
;; expect: trap
;; message: call stack exhausted
;; within-ms: 15000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 1)
  (func $down (param i32) (result i32)
    (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "update") (param f32) (drop (call $down (i32.const 0))))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
