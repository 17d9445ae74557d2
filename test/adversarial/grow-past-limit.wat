;; Grows memory 4 MiB at a time until memory.grow says no (-1 at the memory
;; limit, which this game sets to 16 MiB with memory_mib), then gives up as a
;; Rust allocation failure does: unreachable. The stop names the limit, not
;; the trap.
;; expect: limit
;; message: limit: memory 16842752 bytes exceeds 16777216 (memory.grow refused;
;; within-ms: 15000
;; arcade.game: abi=1
;; arcade.game: title=Hostile
;; arcade.game: width=64
;; arcade.game: height=64
;; arcade.game: memory_mib=16
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
