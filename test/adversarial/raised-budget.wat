;; A game that raises its draw-command budget (max-draw-commands=150000) and
;; draws 150,000 rects a frame: allowed, it runs; the 150,001st is not.
;;
;; expect: limit
;; message: limit: draw commands 150001 per frame exceeds 150000 (in frame 3
;; budget-ms: 30000
;; within-ms: 60000
;; frame: 3
;; frames: 5
;; arcade.game: abi=1
;; arcade.game: title=Raised budget
;; arcade.game: width=320
;; arcade.game: height=240
;; arcade.game: max-draw-commands=150000
(module
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (global $frame (mut i32) (i32.const 0))
  (func (export "update") (param f32)
    (global.set $frame (i32.add (global.get $frame) (i32.const 1))))
  ;; frames 1 and 2 draw exactly 150,000; frame 3 one more
  (func (export "draw") (local $i i32) (local $n i32)
    (local.set $n (select (i32.const 150001) (i32.const 150000) (i32.ge_u (global.get $frame) (i32.const 3))))
    (loop $more
      (call $rect (f32.const 1) (f32.const 2) (f32.const 3) (f32.const 4) (i32.const 0xffffffff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
