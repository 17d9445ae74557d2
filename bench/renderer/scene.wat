;; The renderer benchmark's scene (bench/renderer): every frame, 2,000
;; sprites from one 16-cell sprite sheet, N rectangles (N = the seed, so the
;; benchmark picks the size: 10,000 by default) and 200 texts, all moving
;; with the frame count.
;; arcade.game: abi=2
;; arcade.game: title=Renderer bench
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (import "env" "draw_text" (func $text (param i32 i32 f32 f32 f32 i32)))
  (import "env" "image_create" (func $img (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "draw_image" (func $draw (param i32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\00\00\00\ff\60\20\ff\ff\ff\40\ff\ff\c0\ff\ff")
  (data (i32.const 64) "SCORE 0123")
  (global $sheet (mut i32) (i32.const 0))
  (global $frame (mut i32) (i32.const 0))
  (global $rects (mut i32) (i32.const 10000))
  (func (export "init") (param i32 i32 i32) (local $i i32)
    (global.set $rects (local.get 2))
    ;; 128×8 at 2 bpp: 32 bytes a row, a pattern per cell
    (loop $l
      (i32.store8 (i32.add (i32.const 256) (local.get $i)) (i32.mul (local.get $i) (i32.const 37)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 256))))
    (global.set $sheet (call $img (i32.const 256) (i32.const 128) (i32.const 8) (i32.const 2) (i32.const 0) (i32.const 4))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
  (func (export "update") (param f32) (global.set $frame (i32.add (global.get $frame) (i32.const 1))))
  (func (export "draw") (local $i i32) (local $f i32)
    (local.set $f (global.get $frame))
    (call $clear (i32.const 0x101018ff))
    (local.set $i (i32.const 0))
    (if (global.get $rects) (then (loop $r
      (call $rect
        (f32.convert_i32_u (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 13)) (local.get $f)) (i32.const 316)))
        (f32.convert_i32_u (i32.rem_u (i32.mul (local.get $i) (i32.const 7)) (i32.const 236)))
        (f32.const 4) (f32.const 4) (i32.or (i32.shl (local.get $i) (i32.const 8)) (i32.const 0xff)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $r (i32.lt_u (local.get $i) (global.get $rects))))))
    (local.set $i (i32.const 0))
    (loop $s
      (call $draw (global.get $sheet)
        (f32.convert_i32_u (i32.shl (i32.and (local.get $i) (i32.const 15)) (i32.const 3))) (f32.const 0) (f32.const 8) (f32.const 8)
        (f32.convert_i32_u (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 37)) (local.get $f)) (i32.const 312)))
        (f32.convert_i32_u (i32.rem_u (i32.mul (local.get $i) (i32.const 11)) (i32.const 232)))
        (f32.const 8) (f32.const 8) (f32.const 0) (f32.const 0) (f32.const 0) (i32.const 0) (i32.const -1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $s (i32.lt_u (local.get $i) (i32.const 2000))))
    (local.set $i (i32.const 0))
    (loop $t
      (call $text (i32.const 64) (i32.const 10)
        (f32.convert_i32_u (i32.rem_u (i32.mul (local.get $i) (i32.const 29)) (i32.const 280)))
        (f32.convert_i32_u (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 17)) (local.get $f)) (i32.const 230)))
        (f32.const 8) (i32.const 0xffffffff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $t (i32.lt_u (local.get $i) (i32.const 200))))))
