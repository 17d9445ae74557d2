;; Grows memory 4 MiB at a time until memory.grow says no (-1 at the memory
;; limit, 16 MiB here), then gives up as a Rust allocation failure does:
;; unreachable. The stop names the limit, not the trap.
;; expect: limit
;; message: memory.grow refused
;; memory-limit-mib: 16
;; within-ms: 15000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
(module
  (memory (export "memory") 1)
  (func (export "update") (param f32)
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 64)) (i32.const -1))))
    unreachable)
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
