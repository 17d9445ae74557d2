;; End-to-end fixture for the renderer's batched path (src/renderer/batch.ts):
;; runs of rects and lines between sprites and text, with alpha, tints,
;; transforms, flips and shapes that cross the screen's edges. A still scene:
;; every frame draws the same. test/e2e/web.test.ts checks its pixels.
;;
;;   A (y 8-32)   draw order: red rect < green-tinted sprite < blue rect;
;;                yellow rect < black text "MMMM" < magenta rect over its right half
;;   B (y 40-60)  white rect at alpha 0x80; blue at alpha 0x80 over red;
;;                a white sprite tinted 0x00ffff80; a 6-px line with square caps
;;   C (y 70-110) a rect rotated 45° about its centre (30,90) by set_transform;
;;                a mirroring transform (x' = 140 - x) over two rects; a
;;                red|blue sprite flipped (FLIP_X) and one rotated 90° about its centre
;;   D            green strips through every edge of the screen (clipped there)
;;
;; Runs shorter than 16 rects/lines stay sprites in the renderer (MIN_BATCH_RUN
;; in game-view.ts), so each run of rects here starts with $pad: 16 rects in
;; the background colour off the screen (hidden by the letterbox), which makes
;; it long enough to be batched: 5 runs (split by the sprites and the text) of
;; 5 × 16 pads and 13 shapes.
;;
;; arcade.game: abi=2
;; arcade.game: title=Batch pixels
;; arcade.game: width=160
;; arcade.game: height=120
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (import "env" "draw_line" (func $line (param f32 f32 f32 f32 f32 i32)))
  (import "env" "draw_text" (func $text (param i32 i32 f32 f32 f32 i32)))
  (import "env" "set_transform" (func $xf (param f32 f32 f32 f32 f32 f32)))
  (import "env" "image_create" (func $img (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "draw_image" (func $draw (param i32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 i32 i32)))
  (memory (export "memory") 1)
  ;; 2×2 RGBA white
  (data (i32.const 0) "\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff")
  (data (i32.const 32) "MMMM")
  ;; 2×1 RGBA: red | blue
  (data (i32.const 64) "\ff\00\00\ff\00\00\ff\ff")
  (global $white (mut i32) (i32.const 0))
  (global $rb (mut i32) (i32.const 0))
  (func (export "init") (param i32 i32 i32)
    (global.set $white (call $img (i32.const 0) (i32.const 2) (i32.const 2) (i32.const 32) (i32.const 0) (i32.const 0)))
    (global.set $rb (call $img (i32.const 64) (i32.const 2) (i32.const 1) (i32.const 32) (i32.const 0) (i32.const 0))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
  (func (export "update") (param f32))
  (func $pad (local $i i32)
    (loop $l
      (call $rect (f32.const -30) (f32.convert_i32_u (local.get $i)) (f32.const 1) (f32.const 1) (i32.const 0x202020ff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 16)))))
  (func (export "draw")
    (call $clear (i32.const 0x202020ff))
    ;; A: draw order
    (call $pad)
    (call $rect (f32.const 10) (f32.const 10) (f32.const 30) (f32.const 20) (i32.const 0xff0000ff))
    (call $draw (global.get $white) (f32.const 0) (f32.const 0) (f32.const 2) (f32.const 2)
      (f32.const 20) (f32.const 15) (f32.const 10) (f32.const 10) (f32.const 0) (f32.const 0) (f32.const 0) (i32.const 0) (i32.const 0x00ff00ff))
    (call $pad)
    (call $rect (f32.const 28) (f32.const 18) (f32.const 10) (f32.const 10) (i32.const 0x0000ffff))
    (call $rect (f32.const 50) (f32.const 10) (f32.const 40) (f32.const 20) (i32.const 0xffff00ff))
    (call $text (i32.const 32) (i32.const 4) (f32.const 52) (f32.const 12) (f32.const 16) (i32.const 0x000000ff))
    (call $pad)
    (call $rect (f32.const 70) (f32.const 8) (f32.const 22) (f32.const 24) (i32.const 0xff00ffff))
    ;; B: alpha and tint (the run goes on)
    (call $rect (f32.const 10) (f32.const 40) (f32.const 20) (f32.const 20) (i32.const 0xffffff80))
    (call $rect (f32.const 40) (f32.const 40) (f32.const 20) (f32.const 20) (i32.const 0xff0000ff))
    (call $rect (f32.const 40) (f32.const 40) (f32.const 20) (f32.const 20) (i32.const 0x0000ff80))
    (call $draw (global.get $white) (f32.const 0) (f32.const 0) (f32.const 2) (f32.const 2)
      (f32.const 70) (f32.const 40) (f32.const 20) (f32.const 20) (f32.const 0) (f32.const 0) (f32.const 0) (i32.const 0) (i32.const 0x00ffff80))
    (call $pad)
    (call $line (f32.const 100) (f32.const 50) (f32.const 140) (f32.const 50) (f32.const 6) (i32.const 0xffffffff))
    ;; C (the run goes on): a rect rotated 45° about (30,90): a = d = cos, b = sin, c = -sin, e = 30 - cos·30 + sin·90, f = 90 - sin·30 - cos·90
    (call $xf (f32.const 0.70710678) (f32.const 0.70710678) (f32.const -0.70710678) (f32.const 0.70710678)
      (f32.const 72.426407) (f32.const 5.1471863))
    (call $rect (f32.const 20) (f32.const 80) (f32.const 20) (f32.const 20) (i32.const 0xff8800ff))
    ;; a mirror: x' = 140 - x
    (call $xf (f32.const -1) (f32.const 0) (f32.const 0) (f32.const 1) (f32.const 140) (f32.const 0))
    (call $rect (f32.const 60) (f32.const 80) (f32.const 10) (f32.const 20) (i32.const 0xff0000ff))
    (call $rect (f32.const 70) (f32.const 80) (f32.const 10) (f32.const 20) (i32.const 0x0000ffff))
    (call $xf (f32.const 1) (f32.const 0) (f32.const 0) (f32.const 1) (f32.const 0) (f32.const 0))
    (call $draw (global.get $rb) (f32.const 0) (f32.const 0) (f32.const 2) (f32.const 1)
      (f32.const 90) (f32.const 80) (f32.const 20) (f32.const 20) (f32.const 0) (f32.const 0) (f32.const 0) (i32.const 1) (i32.const -1))
    (call $draw (global.get $rb) (f32.const 0) (f32.const 0) (f32.const 2) (f32.const 1)
      (f32.const 130) (f32.const 90) (f32.const 20) (f32.const 20) (f32.const 1.5707964) (f32.const 10) (f32.const 10) (i32.const 0) (i32.const -1))
    ;; D: strips through every edge
    (call $pad)
    (call $rect (f32.const -50) (f32.const 112) (f32.const 260) (f32.const 4) (i32.const 0x00ff00ff))
    (call $rect (f32.const 154) (f32.const -50) (f32.const 4) (f32.const 220) (i32.const 0x00ff00ff))))
