;; Grows a table by 100,000 entries per pass, forever: table.grow returns -1
;; at the table limit, and the work it did counts for the watchdog.
;; expect: watchdog
;; budget-ms: 1000
;; within-ms: 15000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 1)
  (table $t 0 funcref)
  (func (export "update") (param f32)
    (loop $again
      (drop (table.grow $t (ref.null func) (i32.const 100000)))
      (table.fill $t (i32.const 0) (ref.null func) (table.size $t))
      (br $again)))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
