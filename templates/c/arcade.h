/*
 * arcade.h: the Wasm Arcade host ABI v1 for C (clang --target=wasm32).
 *
 * One header, no libc: the host functions the game imports (module "env"),
 * a macro for each function the game exports, and ARCADE_GAME(), which
 * writes the arcade.game custom section (title, screen size, ABI version).
 * The full ABI: docs/abi.md in the wasm-arcade package.
 */
#ifndef ARCADE_H
#define ARCADE_H

typedef unsigned int arcade_u32;

#define ARCADE_ABI_VERSION 1
/* Every character of the monospace font advances this × size pixels. */
#define ARCADE_TEXT_ADVANCE 0.6f
/* update() always receives this. */
#define ARCADE_DT (1.0f / 60.0f)

/* --- imports: the host's drawing and logging functions --------------- */
#define ARCADE_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

/* Fills the screen with 0xRRGGBBAA (alpha 0xFF is opaque). */
ARCADE_IMPORT(clear) void arcade_clear(arcade_u32 rgba);
/* Filled rectangle; nothing if w or h <= 0. */
ARCADE_IMPORT(draw_rect) void arcade_rect(float x, float y, float w, float h, arcade_u32 rgba);
/* Filled circle. */
ARCADE_IMPORT(draw_circle) void arcade_circle(float cx, float cy, float radius, arcade_u32 rgba);
/* Line with square caps (the stroke extends thickness/2 past both ends). */
ARCADE_IMPORT(draw_line) void arcade_line(float x1, float y1, float x2, float y2, float thickness, arcade_u32 rgba);
/* One line of UTF-8 text: len bytes at text, top-left at x, y, size pixels high. */
ARCADE_IMPORT(draw_text) void arcade_text_n(const char *text, arcade_u32 len, float x, float y, float size, arcade_u32 rgba);
/* A line in the developer log (the app's log panel, the CLI's stderr). */
ARCADE_IMPORT(log) void arcade_log_n(const char *text, arcade_u32 len);

static inline arcade_u32 arcade_strlen(const char *s) {
  arcade_u32 n = 0;
  while (s[n]) n++;
  return n;
}
static inline void arcade_text(const char *s, float x, float y, float size, arcade_u32 rgba) {
  arcade_text_n(s, arcade_strlen(s), x, y, size, rgba);
}
static inline void arcade_log(const char *s) { arcade_log_n(s, arcade_strlen(s)); }

/* --- exports: what the host calls ---------------------------------------
 *   ARCADE_EXPORT(init) void init(int width, int height, arcade_u32 seed) { ... }
 * init is optional; update, draw, key_down and key_up are required. The
 * linker exports the memory as "memory" by itself.
 */
#define ARCADE_EXPORT(name) __attribute__((export_name(#name)))

/* --- the arcade.game section ----------------------------------------------
 *   ARCADE_GAME("My Game", 160, 120);          once, at file scope
 *   ARCADE_META("author", "me");               optional extra keys
 * LLVM puts a section named .custom_section.NAME into a wasm custom section
 * NAME, and wasm-ld joins pieces of the same name into one section.
 */
#define ARCADE_GAME(title, width, height)                                         \
  __asm__(".section .custom_section.arcade.game,\"\",@\n"                         \
          ".ascii \"abi=1\\ntitle=" title "\\nwidth=" #width "\\nheight=" #height \
          "\\n\"\n.text\n")
#define ARCADE_META(key, value) \
  __asm__(".section .custom_section.arcade.game,\"\",@\n.ascii \"" key "=" value "\\n\"\n.text\n")

/* --- key codes (KEY_CODES in the ABI) ------------------------------------ */
enum {
  ARCADE_KEY_BACKSPACE = 8, ARCADE_KEY_TAB = 9, ARCADE_KEY_ENTER = 13, ARCADE_KEY_SHIFT = 16,
  ARCADE_KEY_CONTROL = 17, ARCADE_KEY_ALT = 18, ARCADE_KEY_ESCAPE = 27, ARCADE_KEY_SPACE = 32,
  ARCADE_KEY_LEFT = 37, ARCADE_KEY_UP = 38, ARCADE_KEY_RIGHT = 39, ARCADE_KEY_DOWN = 40
  /* letters are 'A'..'Z', digits '0'..'9' */
};

/* Colours are 0xRRGGBBAA. */
#define ARCADE_RGB(r, g, b) ((arcade_u32)(r) << 24 | (arcade_u32)(g) << 16 | (arcade_u32)(b) << 8 | 0xFFu)
#define ARCADE_RGBA(r, g, b, a) ((arcade_u32)(r) << 24 | (arcade_u32)(g) << 16 | (arcade_u32)(b) << 8 | (arcade_u32)(a))

#endif
