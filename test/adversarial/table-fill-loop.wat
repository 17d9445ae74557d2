;; A frame that fills a table of a million entries over and over (table.fill).
;; expect: watchdog
;; budget-ms: 1000
;; within-ms: 15000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 1)
  (table $t 1000000 funcref)
  (func (export "update") (param f32)
    (loop $again
      (table.fill $t (i32.const 0) (ref.null func) (i32.const 1000000))
      (br $again)))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
