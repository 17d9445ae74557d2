;; A frame that fills 64 MiB of memory over and over: one memory.fill per
;; loop pass, so a watchdog counting passes alone polls every ~20,000 x 64 MiB.
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
      (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x4000000))
      (br $again)))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
