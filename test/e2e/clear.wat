;; End-to-end fixture: draws red squares, then clear(), then one green square.
;; The ABI says clear discards everything drawn before it in the frame, so no
;; red may reach the screen.
;;
;; arcade.game: abi=1
;; arcade.game: title=Clear discards
;; arcade.game: width=120
;; arcade.game: height=60
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (func (export "update") (param f32))
  (func (export "draw")
    (local $i i32)
    (loop $red
      (call $rect (f32.convert_i32_u (i32.mul (local.get $i) (i32.const 7))) (f32.const 4) (f32.const 6) (f32.const 6) (i32.const 0xff0000ff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $red (i32.lt_u (local.get $i) (i32.const 8))))
    (call $clear (i32.const 0x000000ff))
    (call $rect (f32.const 80) (f32.const 20) (f32.const 20) (f32.const 20) (i32.const 0x00ff00ff)))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
