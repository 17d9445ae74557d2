;; Draw-list flood: two million draw_rect calls in one frame (froze the page for a
;; minute at 9-11 GB before draw lists had a budget). Must stop at the
;; max-draw-commands limit, long before the list gets big.
;;
;; expect: limit
;; message: limit: draw commands 100001 per frame exceeds 100000 (in frame 1
;; budget-ms: 30000
;; within-ms: 30000
;; arcade.game: abi=1
;; arcade.game: title=Draw flood
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (func (export "update") (param f32))
  (func (export "draw") (local $i i32)
    (loop $more
      (call $rect (f32.const 1) (f32.const 2) (f32.const 3) (f32.const 4) (i32.const 0xffffffff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 2000000)))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
