;; Text flood: draw_text of 1 MiB per call, 200 calls a frame (1 MiB of text per
;; frame froze the page). The per-frame text budget stops the first call, before
;; a byte of it is checked or copied.
;;
;; expect: limit
;; message: limit: text bytes 1048576 per frame exceeds 262144 (in frame 1
;; budget-ms: 1000
;; within-ms: 5000
;; arcade.game: abi=1
;; arcade.game: title=Text flood
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "draw_text" (func $text (param i32 i32 f32 f32 f32 i32)))
  (memory (export "memory") 17)
  (func (export "update") (param f32))
  (func (export "draw") (local $i i32)
    (loop $more
      (call $text (i32.const 0) (i32.const 1048576) (f32.const 0) (f32.const 0) (f32.const 8) (i32.const 0xffffffff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 200)))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
