;; A tiny game for the recording tests: a paddle moved by the arrow keys and a
;; bouncing ball, with all state in linear memory. The tests rebuild it with
;; PADDLE_SPEED changed to stand for "a developer broke the game's logic".
;;
;; arcade.game: abi=1
;; arcade.game: title=Mover
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $draw_rect (param f32 f32 f32 f32 i32)))
  (import "env" "draw_circle" (func $draw_circle (param f32 f32 f32 i32)))
  (import "env" "draw_text" (func $draw_text (param i32 i32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "MOVER")
  ;; memory layout: 0 paddle x, 4 ball x, 8 ball y, 12 vx, 16 vy, 20 left held, 24 right held, 28 bounces
  (func (export "init") (param $w i32) (param $h i32) (param $seed i32)
    (f32.store (i32.const 0) (f32.const 140))
    (f32.store (i32.const 4) (f32.convert_i32_u (i32.add (i32.const 20) (i32.rem_u (local.get $seed) (i32.const 200)))))
    (f32.store (i32.const 8) (f32.const 30))
    (f32.store (i32.const 12) (f32.const 1.5))
    (f32.store (i32.const 16) (f32.const 2)))
  (func (export "key_down") (param $code i32)
    (if (i32.eq (local.get $code) (i32.const 37)) (then (i32.store (i32.const 20) (i32.const 1))))
    (if (i32.eq (local.get $code) (i32.const 39)) (then (i32.store (i32.const 24) (i32.const 1)))))
  (func (export "key_up") (param $code i32)
    (if (i32.eq (local.get $code) (i32.const 37)) (then (i32.store (i32.const 20) (i32.const 0))))
    (if (i32.eq (local.get $code) (i32.const 39)) (then (i32.store (i32.const 24) (i32.const 0)))))
  (func (export "update") (param $dt f32)
    (local $dir f32)
    (local.set $dir (f32.convert_i32_s (i32.sub (i32.load (i32.const 24)) (i32.load (i32.const 20)))))
    ;; PADDLE_SPEED
    (f32.store (i32.const 0) (f32.add (f32.load (i32.const 0)) (f32.mul (local.get $dir) (f32.mul (local.get $dt) (f32.const 120)))))
    (f32.store (i32.const 4) (f32.add (f32.load (i32.const 4)) (f32.load (i32.const 12))))
    (f32.store (i32.const 8) (f32.add (f32.load (i32.const 8)) (f32.load (i32.const 16))))
    (if (i32.or (f32.lt (f32.load (i32.const 4)) (f32.const 0)) (f32.gt (f32.load (i32.const 4)) (f32.const 320)))
      (then (f32.store (i32.const 12) (f32.neg (f32.load (i32.const 12))))))
    (if (i32.or (f32.lt (f32.load (i32.const 8)) (f32.const 0)) (f32.gt (f32.load (i32.const 8)) (f32.const 240)))
      (then
        (f32.store (i32.const 16) (f32.neg (f32.load (i32.const 16))))
        (i32.store (i32.const 28) (i32.add (i32.load (i32.const 28)) (i32.const 1))))))
  (func (export "draw")
    (call $clear (i32.const 0x101820ff))
    (call $draw_text (i32.const 64) (i32.const 5) (f32.const 4) (f32.const 4) (f32.const 8) (i32.const 0xffffffff))
    (call $draw_rect (f32.load (i32.const 0)) (f32.const 220) (f32.const 40) (f32.const 8) (i32.const 0xffffffff))
    (call $draw_circle (f32.load (i32.const 4)) (f32.load (i32.const 8)) (f32.const 4) (i32.const 0xffd060ff))
    (call $draw_rect (f32.const 4) (f32.const 20) (f32.convert_i32_u (i32.load (i32.const 28))) (f32.const 4) (i32.const 0x80f080ff)))
)
