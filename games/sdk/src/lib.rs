//! # arcade-sdk — write Wasm Arcade games in Rust
//!
//! Safe bindings for the Wasm Arcade host ABI **v1** (and **v2**: see [`v2`]). The ABI's one source of
//! truth is `src/host/abi.ts` in this repository; this crate mirrors it:
//!
//! | ABI (module `env`)                              | SDK                                  |
//! |-------------------------------------------------|--------------------------------------|
//! | `clear(rgba)`                                   | [`clear`]                            |
//! | `draw_rect(x, y, w, h, rgba)`                   | [`rect`]                             |
//! | `draw_circle(cx, cy, radius, rgba)`             | [`circle`]                           |
//! | `draw_line(x1, y1, x2, y2, thickness, rgba)`    | [`line()`]                           |
//! | `draw_text(ptr, len, x, y, size, rgba)`         | [`text`], [`text_width`]             |
//! | `log(ptr, len)`                                 | [`log()`], [`log!`]                  |
//! | exports `init/update/draw/key_down/key_up`      | [`Game`] + [`export_game!`]          |
//! | custom section `arcade.game`                    | [`game_meta!`]                       |
//! | key codes (`KEY_CODES`)                         | [`keys`]                             |
//!
//! A whole game is a type implementing [`Game`], one [`export_game!`] and one
//! [`game_meta!`]:
//!
//! ```ignore
//! use arcade_sdk::{self as sdk, Color, Game, Input, keys};
//!
//! sdk::game_meta! { title: "Hello", width: 320, height: 240 }
//! sdk::export_game!(Hello);
//!
//! struct Hello { x: f32 }
//!
//! impl Game for Hello {
//!     fn new(_width: u32, _height: u32, _seed: u32) -> Self { Hello { x: 10.0 } }
//!     fn update(&mut self, dt: f32, input: &Input) {
//!         if input.held(keys::RIGHT) { self.x += 60.0 * dt; }
//!     }
//!     fn draw(&self) {
//!         sdk::clear(Color::BLACK);
//!         sdk::rect(self.x, 100.0, 16.0, 16.0, Color::WHITE);
//!         sdk::text("hello", 10.0, 10.0, 10.0, Color::YELLOW);
//!     }
//! }
//! ```
//!
//! Rules the host enforces, and this crate helps you keep:
//! * `update(dt)` is always called with exactly 1/60 s; key events of a frame
//!   arrive before that frame's `update`.
//! * Games must be **deterministic**: same seed + same key events per frame →
//!   same draw calls. Use [`Rng`] seeded from `init`'s seed for all randomness;
//!   there is no clock, and never let behaviour depend on addresses or on
//!   `HashMap` iteration order.
//! * A panic logs its message through `env.log` (see [`install_panic_hook`],
//!   which [`export_game!`] installs) and then traps, which stops the session.
//!
//! Build with `npm run build:games` (Debian's rustc 1.63 + cargo, target
//! `wasm32-unknown-unknown`). See `games/sdk/README.md`.

#![warn(missing_docs)]

use std::fmt;

/// The host ABI version this SDK implements (`ABI_VERSION` in `src/host/abi.ts`).
pub const ABI_VERSION: u32 = 1;

/// Ticks per second; `update` always receives `dt == FIXED_DT`.
pub const TICKS_PER_SECOND: u32 = 60;

/// The fixed timestep the host passes to `update` (1/60 s, as f32).
pub const FIXED_DT: f32 = 1.0 / 60.0;

/// Width of one character of the host's monospace font, as a fraction of the
/// text size (`TEXT_ADVANCE` in `src/host/abi.ts`).
pub const TEXT_ADVANCE: f32 = 0.6;

/// Raw host imports, exactly as declared in `src/host/abi.ts` (`HOST_IMPORTS`).
///
/// Prefer the safe wrappers at the crate root. These are `unsafe` because
/// `draw_text` and `log` read `len` bytes at `ptr` from linear memory.
pub mod sys {
    #[link(wasm_import_module = "env")]
    extern "C" {
        /// Fills the whole screen with `rgba` (0xRRGGBBAA).
        pub fn clear(rgba: u32);
        /// Filled axis-aligned rectangle.
        pub fn draw_rect(x: f32, y: f32, w: f32, h: f32, rgba: u32);
        /// Filled circle.
        pub fn draw_circle(cx: f32, cy: f32, radius: f32, rgba: u32);
        /// Line segment with square caps (the stroke extends thickness/2 past both ends).
        pub fn draw_line(x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, rgba: u32);
        /// One line of UTF-8 text in the monospace font; `ptr..ptr+len` must be valid UTF-8.
        pub fn draw_text(ptr: *const u8, len: usize, x: f32, y: f32, size: f32, rgba: u32);
        /// Writes a UTF-8 message to the developer log.
        pub fn log(ptr: *const u8, len: usize);
    }
}

// ---------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------

/// A colour as the host expects it: `0xRRGGBBAA` (alpha `0xFF` is opaque).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Color(pub u32);

impl Color {
    /// Fully transparent (draws nothing).
    pub const TRANSPARENT: Color = Color(0x0000_0000);
    /// Opaque black.
    pub const BLACK: Color = Color(0x0000_00FF);
    /// Opaque white.
    pub const WHITE: Color = Color(0xFFFF_FFFF);
    /// Mid grey.
    pub const GRAY: Color = Color(0x8080_80FF);
    /// Dark grey.
    pub const DARK_GRAY: Color = Color(0x4040_40FF);
    /// Pure red.
    pub const RED: Color = Color(0xFF00_00FF);
    /// Pure green.
    pub const GREEN: Color = Color(0x00FF_00FF);
    /// Pure blue.
    pub const BLUE: Color = Color(0x0000_FFFF);
    /// Yellow.
    pub const YELLOW: Color = Color(0xFFFF_00FF);
    /// Cyan.
    pub const CYAN: Color = Color(0x00FF_FFFF);
    /// Magenta.
    pub const MAGENTA: Color = Color(0xFF00_FFFF);
    /// Orange.
    pub const ORANGE: Color = Color(0xFF80_00FF);

    /// Opaque colour from red, green, blue.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color::rgba(r, g, b, 0xFF)
    }

    /// Colour from red, green, blue, alpha.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Color {
        Color((r as u32) << 24 | (g as u32) << 16 | (b as u32) << 8 | a as u32)
    }

    /// Opaque colour from `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Color {
        Color((rgb << 8) | 0xFF)
    }

    /// Red channel.
    pub const fn r(self) -> u8 {
        (self.0 >> 24) as u8
    }
    /// Green channel.
    pub const fn g(self) -> u8 {
        (self.0 >> 16) as u8
    }
    /// Blue channel.
    pub const fn b(self) -> u8 {
        (self.0 >> 8) as u8
    }
    /// Alpha channel (`0xFF` opaque).
    pub const fn a(self) -> u8 {
        self.0 as u8
    }

    /// The same colour with another alpha.
    pub const fn with_alpha(self, a: u8) -> Color {
        Color((self.0 & 0xFFFF_FF00) | a as u32)
    }

    /// Linear blend of every channel: `t = 0` gives `self`, `t = 1` gives `other`.
    pub fn mix(self, other: Color, t: f32) -> Color {
        let t = if t < 0.0 { 0.0 } else if t > 1.0 { 1.0 } else { t };
        let ch = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t + 0.5) as u8;
        Color::rgba(ch(self.r(), other.r()), ch(self.g(), other.g()), ch(self.b(), other.b()), ch(self.a(), other.a()))
    }

    /// Each RGB channel scaled by `k` (clamped), alpha kept; `k < 1` darkens.
    pub fn scale(self, k: f32) -> Color {
        let ch = |c: u8| {
            let v = c as f32 * k + 0.5;
            if v >= 255.0 { 255 } else if v <= 0.0 { 0 } else { v as u8 }
        };
        Color::rgba(ch(self.r()), ch(self.g()), ch(self.b()), self.a())
    }
}

impl From<u32> for Color {
    fn from(rgba: u32) -> Color {
        Color(rgba)
    }
}

impl fmt::Debug for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Color(0x{:08X})", self.0)
    }
}

// ---------------------------------------------------------------------------
// Drawing and logging
// ---------------------------------------------------------------------------

/// Fills the whole screen. Usually the first call in `draw()`; anything drawn
/// earlier in the same frame is discarded.
#[inline]
pub fn clear(color: Color) {
    unsafe { sys::clear(color.0) }
}

/// Filled axis-aligned rectangle with its top-left corner at `(x, y)`.
/// Nothing is drawn if `w <= 0` or `h <= 0`.
#[inline]
pub fn rect(x: f32, y: f32, w: f32, h: f32, color: Color) {
    unsafe { sys::draw_rect(x, y, w, h, color.0) }
}

/// Filled circle centred at `(cx, cy)`. Nothing is drawn if `radius <= 0`.
#[inline]
pub fn circle(cx: f32, cy: f32, radius: f32, color: Color) {
    unsafe { sys::draw_circle(cx, cy, radius, color.0) }
}

/// Straight line from `(x1, y1)` to `(x2, y2)` with square caps: the stroke extends
/// `thickness / 2` past both end points.
#[inline]
pub fn line(x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, color: Color) {
    unsafe { sys::draw_line(x1, y1, x2, y2, thickness, color.0) }
}

/// One line of text in the host's monospace font, top-left at `(x, y)`;
/// `size` is the line height in logical pixels. Every character advances
/// exactly `TEXT_ADVANCE * size` pixels (see [`text_width`]).
#[inline]
pub fn text(s: &str, x: f32, y: f32, size: f32, color: Color) {
    unsafe { sys::draw_text(s.as_ptr(), s.len(), x, y, size, color.0) }
}

/// Text horizontally centred on `cx`.
pub fn text_centered(s: &str, cx: f32, y: f32, size: f32, color: Color) {
    text(s, cx - text_width(s, size) * 0.5, y, size, color);
}

/// Width in logical pixels of `s` drawn at `size`: characters × `TEXT_ADVANCE` × `size`.
pub fn text_width(s: &str, size: f32) -> f32 {
    s.chars().count() as f32 * TEXT_ADVANCE * size
}

/// Writes a message to the developer log (app log panel / CLI stderr).
#[inline]
pub fn log(message: &str) {
    unsafe { sys::log(message.as_ptr(), message.len()) }
}

/// `log!("score {}", n)` — [`log()`] with `format!` arguments.
#[macro_export]
macro_rules! log {
    ($($arg:tt)*) => { $crate::log(&::std::format!($($arg)*)) };
}

// ---------------------------------------------------------------------------
// Panics
// ---------------------------------------------------------------------------

/// Makes panics write `panicked at 'msg', src/file.rs:line:col` through
/// `env.log` before the module traps (`unreachable`). Without it, a panic
/// traps silently. [`export_game!`] calls this from `init`; calling it again
/// is harmless.
pub fn install_panic_hook() {
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            log(&format!("{}", info));
        }));
    });
}

// ---------------------------------------------------------------------------
// Keys and input
// ---------------------------------------------------------------------------

/// Key codes passed to `key_down`/`key_up` (`KEY_CODES` in `src/host/abi.ts`):
/// classic DOM keyCode numbers; letters are uppercase ASCII, digits ASCII.
/// Left/right Shift, Control and Alt share one code each.
pub mod keys {
    /// Backspace.
    pub const BACKSPACE: u32 = 8;
    /// Tab.
    pub const TAB: u32 = 9;
    /// Enter.
    pub const ENTER: u32 = 13;
    /// Either Shift.
    pub const SHIFT: u32 = 16;
    /// Either Control.
    pub const CONTROL: u32 = 17;
    /// Either Alt.
    pub const ALT: u32 = 18;
    /// Escape.
    pub const ESCAPE: u32 = 27;
    /// Space bar.
    pub const SPACE: u32 = 32;
    /// Arrow left.
    pub const LEFT: u32 = 37;
    /// Arrow up.
    pub const UP: u32 = 38;
    /// Arrow right.
    pub const RIGHT: u32 = 39;
    /// Arrow down.
    pub const DOWN: u32 = 40;
    /// Digit keys `0`..`9` are `48 + n`.
    pub const fn digit(n: u32) -> u32 {
        48 + n
    }
    /// Letter keys: `letter(b'A')` (or lowercase) is the code for A.
    pub const fn letter(c: u8) -> u32 {
        c.to_ascii_uppercase() as u32
    }
    /// A
    pub const A: u32 = 65;
    /// D
    pub const D: u32 = 68;
    /// P
    pub const P: u32 = 80;
    /// R
    pub const R: u32 = 82;
    /// S
    pub const S: u32 = 83;
    /// W
    pub const W: u32 = 87;

    /// Human name of a key code, as in `KEY_NAMES` (`"?"` if unknown).
    pub fn name(code: u32) -> &'static str {
        const LETTERS: [&str; 26] = [
            "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V",
            "W", "X", "Y", "Z",
        ];
        const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        match code {
            BACKSPACE => "Backspace",
            TAB => "Tab",
            ENTER => "Enter",
            SHIFT => "Shift",
            CONTROL => "Control",
            ALT => "Alt",
            ESCAPE => "Escape",
            SPACE => "Space",
            LEFT => "ArrowLeft",
            UP => "ArrowUp",
            RIGHT => "ArrowRight",
            DOWN => "ArrowDown",
            48..=57 => DIGITS[(code - 48) as usize],
            65..=90 => LETTERS[(code - 65) as usize],
            _ => "?",
        }
    }
}

/// Keyboard state as seen by one `update`: which keys are held, and which
/// were pressed or released since the previous `update` (so a press and
/// release within one frame is still seen as a press).
///
/// [`export_game!`] keeps one for you and passes it to [`Game::update`]. If
/// you write the exports by hand: call [`Input::key_down`]/[`Input::key_up`]
/// from your handlers and [`Input::end_frame`] after each `update`.
#[derive(Clone, Default)]
pub struct Input {
    held: [u64; 4],
    pressed: [u64; 4],
    released: [u64; 4],
}

impl Input {
    /// No keys held.
    pub const fn new() -> Input {
        Input { held: [0; 4], pressed: [0; 4], released: [0; 4] }
    }

    fn bit(code: u32) -> Option<(usize, u64)> {
        if code < 256 {
            Some(((code / 64) as usize, 1u64 << (code % 64)))
        } else {
            None
        }
    }

    /// Records a `key_down` event.
    pub fn key_down(&mut self, code: u32) {
        if let Some((i, m)) = Input::bit(code) {
            self.held[i] |= m;
            self.pressed[i] |= m;
        }
    }

    /// Records a `key_up` event.
    pub fn key_up(&mut self, code: u32) {
        if let Some((i, m)) = Input::bit(code) {
            self.held[i] &= !m;
            self.released[i] |= m;
        }
    }

    /// Forgets this frame's presses and releases (keeps held keys).
    pub fn end_frame(&mut self) {
        self.pressed = [0; 4];
        self.released = [0; 4];
    }

    /// Is `code` held down now?
    pub fn held(&self, code: u32) -> bool {
        Input::bit(code).map_or(false, |(i, m)| self.held[i] & m != 0)
    }

    /// Was `code` pressed since the previous update?
    pub fn pressed(&self, code: u32) -> bool {
        Input::bit(code).map_or(false, |(i, m)| self.pressed[i] & m != 0)
    }

    /// Was `code` released since the previous update?
    pub fn released(&self, code: u32) -> bool {
        Input::bit(code).map_or(false, |(i, m)| self.released[i] & m != 0)
    }

    /// Is any of `codes` held?
    pub fn any_held(&self, codes: &[u32]) -> bool {
        codes.iter().any(|&c| self.held(c))
    }

    /// Was any of `codes` pressed since the previous update?
    pub fn any_pressed(&self, codes: &[u32]) -> bool {
        codes.iter().any(|&c| self.pressed(c))
    }

    /// `-1`, `0` or `+1` from two sets of keys (e.g. left/A vs right/D);
    /// both held cancel out.
    pub fn axis(&self, negative: &[u32], positive: &[u32]) -> i32 {
        self.any_held(positive) as i32 - self.any_held(negative) as i32
    }
}

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// A small deterministic random number generator (PCG32, XSH-RR variant).
///
/// Seed it from `init`'s seed: the session records the seed, so replays see
/// the same numbers. Same seed → same sequence on every engine.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
    inc: u64,
}

impl Rng {
    const MUL: u64 = 6364136223846793005;

    /// A generator for `seed`, on the default stream.
    pub fn new(seed: u32) -> Rng {
        Rng::with_stream(seed as u64, 0xDA3E_39CB_94B9_5BDB)
    }

    /// A generator for `seed` on stream `stream` (different streams give
    /// independent sequences for the same seed).
    pub fn with_stream(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng { state: 0, inc: (stream << 1) | 1 };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    /// Next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(Rng::MUL).wrapping_add(self.inc);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// Uniform integer in `0..n` (unbiased). Returns 0 if `n == 0`.
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let r = self.next_u32();
            if r >= threshold {
                return r % n;
            }
        }
    }

    /// Uniform integer in `lo..hi` (`lo` if the range is empty).
    pub fn range(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            return lo;
        }
        lo.wrapping_add(self.below(hi.wrapping_sub(lo) as u32) as i32)
    }

    /// Uniform float in `[0, 1)` (24 random bits).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Uniform float in `[lo, hi)`.
    pub fn range_f32(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.next_f32()
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f32) -> bool {
        self.next_f32() < p
    }

    /// A random element of `items` (`None` if empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len() as u32) as usize])
        }
    }
}

// ---------------------------------------------------------------------------
// The game trait and exports
// ---------------------------------------------------------------------------

/// A game. [`export_game!`] turns an implementation into the ABI exports
/// `init`, `update`, `draw`, `key_down` and `key_up`.
pub trait Game: Sized + 'static {
    /// Called once from `init(width, height, seed)`, before the first frame.
    /// `width`/`height` are the logical size declared in [`game_meta!`];
    /// seed every [`Rng`] from `seed`.
    fn new(width: u32, height: u32, seed: u32) -> Self;

    /// Advance one fixed tick (`dt` is always [`FIXED_DT`]). `input` holds
    /// the key state after this frame's key events.
    fn update(&mut self, dt: f32, input: &Input);

    /// Draw the current state with [`clear`], [`rect`], [`text`], ...
    fn draw(&self);

    /// Optional: react to a key press immediately (before `update`).
    /// [`Input`] already records it, so most games need not override this.
    fn key_down(&mut self, _code: u32) {}

    /// Optional: react to a key release immediately.
    fn key_up(&mut self, _code: u32) {}
}

#[doc(hidden)]
pub mod __private {
    //! Support for [`export_game!`](crate::export_game); not public API.
    use super::{Game, Input};

    pub struct Slot<G> {
        pub game: Option<G>,
        pub input: Input,
    }

    impl<G: Game> Slot<G> {
        pub const fn new() -> Slot<G> {
            Slot { game: None, input: Input::new() }
        }

        pub fn init(&mut self, width: u32, height: u32, seed: u32) {
            crate::install_panic_hook();
            self.input = Input::new();
            self.game = Some(G::new(width, height, seed));
        }

        fn game(&mut self) -> &mut G {
            match self.game {
                Some(ref mut g) => g,
                None => {
                    crate::install_panic_hook();
                    panic!("arcade-sdk: the host called a game export before init(width, height, seed)")
                }
            }
        }

        pub fn update(&mut self, dt: f32) {
            let input = self.input.clone();
            self.game().update(dt, &input);
            self.input.end_frame();
        }

        pub fn draw(&mut self) {
            self.game().draw();
        }

        pub fn key_down(&mut self, code: u32) {
            self.input.key_down(code);
            self.game().key_down(code);
        }

        pub fn key_up(&mut self, code: u32) {
            self.input.key_up(code);
            self.game().key_up(code);
        }
    }

    /// Copies a `&str` into a fixed-size array at compile time (for
    /// [`game_meta!`](crate::game_meta)); `N` must equal `s.len()`.
    pub const fn str_to_array<const N: usize>(s: &str) -> [u8; N] {
        let b = s.as_bytes();
        assert!(b.len() == N, "length mismatch");
        let mut out = [0u8; N];
        let mut i = 0;
        while i < N {
            out[i] = b[i];
            i += 1;
        }
        out
    }

    /// Compile-time check of one meta value: `min..=max` characters (Unicode
    /// scalar values, as the host counts them), no newline or other control
    /// character.
    pub const fn valid_value(s: &str, min: usize, max: usize) -> bool {
        let b = s.as_bytes();
        let mut chars = 0;
        let mut i = 0;
        while i < b.len() {
            if b[i] < 0x20 || b[i] == 0x7F {
                return false;
            }
            if b[i] & 0xC0 != 0x80 {
                chars += 1;
            }
            i += 1;
        }
        chars >= min && chars <= max
    }
}

/// Exports `init`, `update`, `draw`, `key_down` and `key_up` for a type that
/// implements [`Game`]. Use it once, at the crate root of the game.
///
/// `init` installs the panic hook and calls [`Game::new`]; `update` passes an
/// [`Input`] holding this frame's key state.
#[macro_export]
macro_rules! export_game {
    ($game:ty) => {
        static mut __ARCADE_SLOT: $crate::__private::Slot<$game> = $crate::__private::Slot::new();

        #[no_mangle]
        pub extern "C" fn init(width: u32, height: u32, seed: u32) {
            unsafe { __ARCADE_SLOT.init(width, height, seed) }
        }

        #[no_mangle]
        pub extern "C" fn update(dt: f32) {
            unsafe { __ARCADE_SLOT.update(dt) }
        }

        #[no_mangle]
        pub extern "C" fn draw() {
            unsafe { __ARCADE_SLOT.draw() }
        }

        #[no_mangle]
        pub extern "C" fn key_down(code: u32) {
            unsafe { __ARCADE_SLOT.key_down(code) }
        }

        #[no_mangle]
        pub extern "C" fn key_up(code: u32) {
            unsafe { __ARCADE_SLOT.key_up(code) }
        }
    };
}

/// Like [`export_game!`], for an ABI v2 game (declare `abi: 2` in
/// [`game_meta!`]): also exports `pointer_move`, `pointer_down`, `pointer_up`,
/// `pointer_wheel`, `gamepad_connected`, `gamepad_button` and `gamepad_axis`,
/// which keep [`v2::pointer()`] and [`v2::gamepad()`] up to date (their
/// `pressed`/`released` edges last one frame).
///
/// ```ignore
/// arcade_sdk::game_meta! { abi: 2, title: "Clicker", width: 160, height: 120 }
/// arcade_sdk::export_game_v2!(Clicker);
/// ```
#[macro_export]
macro_rules! export_game_v2 {
    ($game:ty) => {
        static mut __ARCADE_SLOT: $crate::__private::Slot<$game> = $crate::__private::Slot::new();

        #[no_mangle]
        pub extern "C" fn init(width: u32, height: u32, seed: u32) {
            unsafe { __ARCADE_SLOT.init(width, height, seed) }
        }

        #[no_mangle]
        pub extern "C" fn update(dt: f32) {
            unsafe { __ARCADE_SLOT.update(dt) }
            $crate::v2::__private::end_frame();
        }

        #[no_mangle]
        pub extern "C" fn draw() {
            unsafe { __ARCADE_SLOT.draw() }
        }

        #[no_mangle]
        pub extern "C" fn key_down(code: u32) {
            unsafe { __ARCADE_SLOT.key_down(code) }
        }

        #[no_mangle]
        pub extern "C" fn key_up(code: u32) {
            unsafe { __ARCADE_SLOT.key_up(code) }
        }

        #[no_mangle]
        pub extern "C" fn pointer_move(x: f32, y: f32) {
            $crate::v2::__private::pointer_move(x, y)
        }

        #[no_mangle]
        pub extern "C" fn pointer_down(button: u32) {
            $crate::v2::__private::pointer_button(button, true)
        }

        #[no_mangle]
        pub extern "C" fn pointer_up(button: u32) {
            $crate::v2::__private::pointer_button(button, false)
        }

        #[no_mangle]
        pub extern "C" fn pointer_wheel(dx: f32, dy: f32) {
            $crate::v2::__private::pointer_wheel(dx, dy)
        }

        #[no_mangle]
        pub extern "C" fn gamepad_connected(pad: u32, connected: u32) {
            $crate::v2::__private::gamepad_connected(pad, connected != 0)
        }

        #[no_mangle]
        pub extern "C" fn gamepad_button(pad: u32, button: u32, value: f32) {
            $crate::v2::__private::gamepad_button(pad, button, value)
        }

        #[no_mangle]
        pub extern "C" fn gamepad_axis(pad: u32, axis: u32, value: f32) {
            $crate::v2::__private::gamepad_axis(pad, axis, value)
        }
    };
}

/// Emits the `arcade.game` custom section that declares the game to the host.
///
/// ```ignore
/// arcade_sdk::game_meta! {
///     title: "Breakout",
///     width: 320,
///     height: 240,
///     author: "Wasm Arcade",             // optional
///     description: "Bricks, a ball, a paddle", // optional
/// }
/// ```
///
/// The section's content is UTF-8 text with one `key=value` per line,
/// separated by `\n`, in this order, with no trailing newline:
/// `abi=1`, `title=…`, `width=…`, `height=…`, then `author=…` and
/// `description=…` if given. Values must be literals; the macro checks at
/// compile time that the title is 1–64 characters, the size is 16–4096, and that no
/// value contains a newline or control character.
///
/// Use it exactly once per game (two uses would concatenate two blocks into
/// one section, which the host rejects as duplicate keys).
#[macro_export]
macro_rules! game_meta {
    // ABI v2: `abi: 2` first; optional `id` (save-data identity), `scaling` ("pixel" or "smooth") and
    // `score` (where the save data keeps the best score, e.g. "u32le@0", shown in the game library).
    (
        abi: 2,
        title: $title:literal,
        width: $width:literal,
        height: $height:literal
        $(, author: $author:literal)?
        $(, description: $description:literal)?
        $(, id: $id:literal)?
        $(, scaling: $scaling:literal)?
        $(, score: $score:literal)?
        $(,)?
    ) => {
        const _: () = {
            const TEXT: &str = ::core::concat!(
                "abi=2",
                "\ntitle=", $title,
                "\nwidth=", $width,
                "\nheight=", $height,
                $("\nauthor=", $author,)?
                $("\ndescription=", $description,)?
                $("\nid=", $id,)?
                $("\nscaling=", $scaling,)?
                $("\nscore=", $score,)?
            );
            const _TITLE_OK: () = ::core::assert!(
                $crate::__private::valid_value($title, 1, 64),
                "game_meta!: title must be 1-64 characters without newlines or control characters"
            );
            const _SIZE_OK: () = ::core::assert!(
                $width >= 16 && $width <= 4096 && $height >= 16 && $height <= 4096,
                "game_meta!: width and height must be 16-4096"
            );
            $(const _ID_OK: () = ::core::assert!(
                $crate::__private::valid_value($id, 1, 64),
                "game_meta!: id must be 1-64 characters (a-z, 0-9, '.', '_', '-')"
            );)?
            #[used]
            #[link_section = "arcade.game"]
            static ARCADE_GAME_META: [u8; TEXT.len()] = $crate::__private::str_to_array::<{ TEXT.len() }>(TEXT);
        };
    };
    (
        title: $title:literal,
        width: $width:literal,
        height: $height:literal
        $(, author: $author:literal)?
        $(, description: $description:literal)?
        $(,)?
    ) => {
        const _: () = {
            const TEXT: &str = ::core::concat!(
                "abi=1",
                "\ntitle=", $title,
                "\nwidth=", $width,
                "\nheight=", $height,
                $("\nauthor=", $author,)?
                $("\ndescription=", $description,)?
            );
            const _TITLE_OK: () = ::core::assert!(
                $crate::__private::valid_value($title, 1, 64),
                "game_meta!: title must be 1-64 characters without newlines or control characters"
            );
            const _SIZE_OK: () = ::core::assert!(
                $width >= 16 && $width <= 4096 && $height >= 16 && $height <= 4096,
                "game_meta!: width and height must be 16-4096"
            );
            $(const _AUTHOR_OK: () = ::core::assert!(
                $crate::__private::valid_value($author, 0, 4096),
                "game_meta!: author must not contain newlines or control characters"
            );)?
            $(const _DESCRIPTION_OK: () = ::core::assert!(
                $crate::__private::valid_value($description, 0, 4096),
                "game_meta!: description must not contain newlines or control characters"
            );)?

            // A custom section is made from a static placed in a section of
            // that name. `#[used]` keeps it through LTO even though no code
            // refers to it.
            #[used]
            #[link_section = "arcade.game"]
            static ARCADE_GAME_META: [u8; TEXT.len()] = $crate::__private::str_to_array::<{ TEXT.len() }>(TEXT);
        };
    };
}

// ABI v2 (images, sprite sheets, transforms, sound, save data, pointer,
// gamepads), behind the `v2` feature: `arcade-sdk = { path = "../sdk",
// features = ["v2"] }`. Off by default and declared last so the v1 games build
// to the same bytes (a panic's message embeds its line number, and any extra
// code in the crate renumbers LLVM's internal symbols in the name section).
#[cfg(feature = "v2")]
pub mod v2;
