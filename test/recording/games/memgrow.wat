;; A game whose frames depend on its memory limit without ever stopping: each
;; frame asks for one more 64 KiB page and draws a rect as wide as what
;; memory.grow returned (-1 once the limit refuses it); from frame 10 on it
;; also draws a marker in the colour $MARK (a test changes it to make another
;; build). Used by test/recording/limits.test.ts.
;;
;; arcade.game: abi=1
;; arcade.game: title=Memgrow
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "draw_rect" (func $rect (param f32 f32 f32 f32 i32)))
  (memory (export "memory") 250)
  (global $frame (mut i32) (i32.const 0))
  (global $grown (mut i32) (i32.const 0))
  (func (export "init") (param i32 i32 i32))
  (func (export "update") (param f32)
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))
    (global.set $grown (memory.grow (i32.const 1))))
  (func (export "draw")
    (call $rect (f32.const 0) (f32.const 0) (f32.convert_i32_s (global.get $grown)) (f32.const 4) (i32.const 0xffffffff))
    (if (i32.ge_u (global.get $frame) (i32.const 10))
      (then (call $rect (f32.const 0) (f32.const 10) (f32.const 4) (f32.const 4) (i32.const 0x00ff00ff)))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
