;; A module whose memory starts at 1 GiB (16,384 pages), over the 256 MiB default.
;; expect: limit
;; message: limit: memory 1073741824 bytes exceeds 268435456
;; within-ms: 5000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 16384)
  (func (export "update") (param f32))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
