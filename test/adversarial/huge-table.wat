;; A 400-byte module declaring a table of a billion entries (a JS array that
;; size exhausts Node's heap): refused at instantiation.
;; expect: limit
;; message: limit: table 0 1000000000 entries exceeds 1000000
;; within-ms: 5000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 1)
  (table 1000000000 funcref)
  (func (export "update") (param f32))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
