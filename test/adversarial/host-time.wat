;; Time inside host calls: the game raises its text budget to the maximum
;; (16 MiB) and calls draw_text 200 times with 16 MiB each, clearing in between
;; so no per-frame budget is hit: 3.2 GB of UTF-8 checking and copying in a few
;; hundred wasm instructions. (With 64 MiB calls this ran 54 s and ended as a
;; "host error".) The watchdog must count the time spent in the host and stop
;; the frame from inside a host call (the message then says where: the
;; draw_text call, or the clear command the draw list was appending).
;;
;; expect: watchdog
;; message: ran longer than 300 ms (infinite loop?), last in 
;; budget-ms: 300
;; within-ms: 10000
;; arcade.game: abi=1
;; arcade.game: title=Host time
;; arcade.game: width=320
;; arcade.game: height=240
;; arcade.game: max-text-bytes=16777216
(module
  (import "env" "clear" (func $clear (param i32)))
  (import "env" "draw_text" (func $text (param i32 i32 f32 f32 f32 i32)))
  (memory (export "memory") 257)
  (func (export "update") (param f32))
  (func (export "draw") (local $i i32)
    (loop $more
      (call $clear (i32.const 0x000000ff))
      (call $text (i32.const 0) (i32.const 16777216) (f32.const 0) (f32.const 0) (f32.const 8) (i32.const 0xffffffff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 200)))))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
