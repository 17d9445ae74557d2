;; {{title}}: a Wasm Arcade game in WebAssembly text. Arrows move the ship.
;; `npm run build` assembles it with wabt's wat2wasm, then `arcade meta` writes
;; the arcade.game section (title, screen size), which wat2wasm cannot.
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (import "env" "draw_line" (func $line (param f32 f32 f32 f32 f32 i32)))
  (import "env" "draw_text" (func $text (param i32 i32 f32 f32 f32 i32)))
  (import "env" "log" (func $log (param i32 i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "{{title}}")
  (data (i32.const 256) "hello from WAT")

  (global $x (mut f32) (f32.const 80))
  (global $y (mut f32) (f32.const 60))
  ;; -1, 0 or 1 per axis, from the arrow keys held
  (global $left (mut i32) (i32.const 0))
  (global $right (mut i32) (i32.const 0))
  (global $up (mut i32) (i32.const 0))
  (global $down (mut i32) (i32.const 0))
  (global $seed (mut i32) (i32.const 1))

  (func (export "init") (param $w i32) (param $h i32) (param $seed i32)
    (global.set $seed (local.get $seed))
    (call $log (i32.const 256) (i32.const 14)))

  (func $set_key (param $code i32) (param $down i32)
    (if (i32.eq (local.get $code) (i32.const 37)) (then (global.set $left (local.get $down))))
    (if (i32.eq (local.get $code) (i32.const 39)) (then (global.set $right (local.get $down))))
    (if (i32.eq (local.get $code) (i32.const 38)) (then (global.set $up (local.get $down))))
    (if (i32.eq (local.get $code) (i32.const 40)) (then (global.set $down (local.get $down)))))
  (func (export "key_down") (param $code i32) (call $set_key (local.get $code) (i32.const 1)))
  (func (export "key_up") (param $code i32) (call $set_key (local.get $code) (i32.const 0)))

  ;; x += (right - left) * 60 * dt, kept on screen
  (func $move (param $v f32) (param $neg i32) (param $pos i32) (param $dt f32) (param $max f32) (result f32)
    (f32.min (local.get $max)
      (f32.max (f32.const 4)
        (f32.add (local.get $v)
          (f32.mul (f32.convert_i32_s (i32.sub (local.get $pos) (local.get $neg)))
                   (f32.mul (f32.const 60) (local.get $dt)))))))

  (func (export "update") (param $dt f32)
    (global.set $x (call $move (global.get $x) (global.get $left) (global.get $right) (local.get $dt) (f32.const 156)))
    (global.set $y (call $move (global.get $y) (global.get $up) (global.get $down) (local.get $dt) (f32.const 116))))

  (func (export "draw")
    (call $clear (i32.const 0x101828ff))
    ;; a few fixed stars, placed by the seed
    (call $rect (f32.convert_i32_u (i32.rem_u (global.get $seed) (i32.const 160))) (f32.const 30) (f32.const 1) (f32.const 1) (i32.const 0x808080ff))
    (call $rect (f32.const 40) (f32.convert_i32_u (i32.rem_u (global.get $seed) (i32.const 120))) (f32.const 1) (f32.const 1) (i32.const 0x808080ff))
    (call $line (f32.sub (global.get $x) (f32.const 4)) (f32.add (global.get $y) (f32.const 4))
                (global.get $x) (f32.sub (global.get $y) (f32.const 5)) (f32.const 1.5) (i32.const 0xffff00ff))
    (call $line (global.get $x) (f32.sub (global.get $y) (f32.const 5))
                (f32.add (global.get $x) (f32.const 4)) (f32.add (global.get $y) (f32.const 4)) (f32.const 1.5) (i32.const 0xffff00ff))
    (call $text (i32.const 16) (i32.const {{titleBytes}}) (f32.const 4) (f32.const 4) (f32.const 8) (i32.const 0xffffffff)))
)
