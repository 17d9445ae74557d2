;; End-to-end fixture: two lines of text that must end at the same x, because
;; every character advances exactly TEXT_ADVANCE × size, whatever it is.
;;
;; arcade.game: abi=1
;; arcade.game: title=Text cells
;; arcade.game: width=120
;; arcade.game: height=60
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_text" (func $text (param i32 i32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "MMMMM")
  (data (i32.const 16) "M\e2\86\92\e6\bc\a2\c3\a9M")
  (func (export "update") (param f32))
  (func (export "draw")
    (call $clear (i32.const 0x000000ff))
    (call $text (i32.const 0) (i32.const 5) (f32.const 4) (f32.const 4) (f32.const 20) (i32.const 0xffffffff))
    (call $text (i32.const 16) (i32.const 10) (f32.const 4) (f32.const 32) (f32.const 20) (i32.const 0xffffffff)))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
