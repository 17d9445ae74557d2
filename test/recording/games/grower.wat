;; A game whose output depends on its draw-command limit: frame N draws N
;; rectangles (no clear), so under max-draw-commands=L it stops with a
;; `limit` stop in frame L+1. Used by test/recording/limits.test.ts.
;;
;; arcade.game: abi=1
;; arcade.game: title=Grower
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (global $frame (mut i32) (i32.const 0))
  (func (export "init") (param i32 i32 i32))
  (func (export "update") (param f32)
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))
    (i32.store (i32.const 0) (global.get $frame)))
  (func (export "draw") (local $i i32)
    (loop $more
      (call $rect (f32.convert_i32_u (local.get $i)) (f32.const 2) (f32.const 3) (f32.const 4) (i32.const 0xffffffff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (global.get $frame)))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
