;; A frame that copies 32 MiB over itself forever (memory.copy, overlapping).
;; expect: watchdog
;; budget-ms: 1000
;; within-ms: 15000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 1024)
  (func (export "update") (param f32)
    (loop $again
      (memory.copy (i32.const 16) (i32.const 0) (i32.const 0x2000000))
      (br $again)))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
