;; Log flood: endless log() calls of 16 MiB each. Lines past the frame's quota
;; (100) are counted without being read, only 4 KiB of each line that is passed
;; on is checked, and the clock is checked in every call: a watchdog stop, with
;; the log output bounded.
;;
;; expect: watchdog
;; message: ran longer than 300 ms
;; budget-ms: 300
;; within-ms: 10000
;; max-log-bytes: 500000
;; arcade.game: abi=1
;; arcade.game: title=Log flood
;; arcade.game: width=320
;; arcade.game: height=240
(module
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 257)
  (func (export "update") (param f32)
    (loop $more
      (call $log (i32.const 0) (i32.const 16777216))
      (br $more)))
  (func (export "draw"))
  (func (export "key_down") (param i32))
  (func (export "key_up") (param i32))
)
