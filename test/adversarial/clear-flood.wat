;; Clear flood: clear() and draw_rect() forever. Each clear empties the frame's
;; list, so no budget is ever reached and memory stays flat: only the watchdog
;; (the engine's loop check, and the clock the draw imports read) can stop it.
;;
;; expect: watchdog
;; message: ran longer than 300 ms
;; budget-ms: 300
;; within-ms: 10000
;; arcade.game: abi=1
;; arcade.game: title=Clear flood
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 1)
  (func (export "update") (param f32))
  (func (export "draw")
    (loop $more
      (call $clear (i32.const 0x000000ff))
      (call $rect (f32.const 1) (f32.const 2) (f32.const 3) (f32.const 4) (i32.const 0xffffffff))
      (br $more)))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
