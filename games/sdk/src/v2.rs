//! ABI v2: images and sprite sheets, transforms and shapes, sound, save data,
//! pointer and gamepads (docs/abi.md, "ABI v2"). A game that uses any of it
//! declares `abi: 2` in [`game_meta!`](crate::game_meta) and exports itself
//! with [`export_game_v2!`](crate::export_game_v2), which also exports the
//! pointer and gamepad handlers that keep [`pointer()`] and [`gamepad()`] up
//! to date.
//!
//! ```ignore
//! use arcade_sdk::{self as sdk, Color, Game, Input};
//! use arcade_sdk::v2::{Image, SpriteSheet, Tone, Wave, Save, pointer, gamepad, button};
//!
//! sdk::game_meta! { abi: 2, title: "Rocks", width: 320, height: 240, id: "com.example.rocks" }
//! sdk::export_game_v2!(Rocks);
//!
//! struct Rocks { sheet: SpriteSheet, angle: f32, best: u32 }
//!
//! impl Game for Rocks {
//!     fn new(_w: u32, _h: u32, _seed: u32) -> Self {
//!         // a 2-colour 16×8 sheet of two 8×8 cells, 1 bit per pixel
//!         static PIXELS: [u8; 16] = [0x3c, 0x3c, 0x42, 0x7e, 0x81, 0xff, 0x81, 0xff, 0x81, 0xff, 0x81, 0xff, 0x42, 0x7e, 0x3c, 0x3c];
//!         let image = Image::indexed(&PIXELS, 16, 8, 1, &[Color::TRANSPARENT, Color::WHITE]);
//!         let best = Save::read().get(0..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0);
//!         Rocks { sheet: SpriteSheet::new(image, 8, 8), angle: 0.0, best }
//!     }
//!     fn update(&mut self, dt: f32, _input: &Input) {
//!         self.angle += dt;
//!         if pointer().pressed(0) || gamepad(0).pressed(button::A) {
//!             Tone::new(440.0).to(880.0).duration(0.1).wave(Wave::Square(0.25)).play(0);
//!             self.best += 1;
//!             Save::write(&self.best.to_le_bytes());
//!         }
//!     }
//!     fn draw(&self) {
//!         sdk::clear(Color::BLACK);
//!         // cell 1, 4× size, spinning about its centre, mirrored
//!         self.sheet.sprite(1).at(160.0, 120.0).scale(4.0).rotate(self.angle).centered().flip_x().draw();
//!     }
//! }
//! ```

use crate::Color;

/// Raw ABI v2 host imports, exactly as declared in `src/host/abi.ts`.
pub mod sys {
    #[link(wasm_import_module = "env")]
    extern "C" {
        /// Sets the current transform: x' = a·x + c·y + e, y' = b·x + d·y + f.
        pub fn set_transform(a: f32, b: f32, c: f32, d: f32, e: f32, f: f32);
        /// Filled convex polygon of `count` (x, y) f32 pairs at `ptr`.
        pub fn draw_polygon(ptr: *const f32, count: usize, rgba: u32);
        /// Circle outline.
        pub fn draw_circle_outline(cx: f32, cy: f32, radius: f32, thickness: f32, rgba: u32);
        /// Copies an image out of memory; returns its id.
        pub fn image_create(ptr: *const u8, width: u32, height: u32, format: u32, palette_ptr: *const u8, palette_len: usize) -> u32;
        /// Frees an image.
        pub fn image_free(id: u32);
        /// Draws a part of an image, scaled, rotated about an origin, flipped, tinted.
        pub fn draw_image(id: u32, sx: f32, sy: f32, sw: f32, sh: f32, x: f32, y: f32, w: f32, h: f32, angle: f32, ox: f32, oy: f32, flags: u32, rgba: u32);
        /// Starts a synthesised tone.
        pub fn tone(channel: u32, wave: u32, freq: f32, freq_end: f32, duration: f32, volume: f32, pan: f32, attack: f32, decay: f32, sustain: f32, release: f32, duty: f32);
        /// Copies 16-bit mono PCM out of memory; returns its id.
        pub fn sound_create(ptr: *const u8, samples: usize, sample_rate: u32) -> u32;
        /// Plays a sample on a channel.
        pub fn sound_play(id: u32, channel: u32, volume: f32, pan: f32, rate: f32);
        /// Silences a channel.
        pub fn sound_stop(channel: u32);
        /// Replaces the save data.
        pub fn save_write(ptr: *const u8, len: usize);
        /// Copies the save data to `ptr` (at most `cap` bytes); returns its length.
        pub fn save_read(ptr: *mut u8, cap: usize) -> u32;
    }
}

// ---------------------------------------------------------------------------
// Transforms and shapes
// ---------------------------------------------------------------------------

/// A 2D affine transform (canvas order): x' = a·x + c·y + e, y' = b·x + d·y + f.
///
/// ```ignore
/// use arcade_sdk::v2::Transform;
/// Transform::rotate_about(0.5, 160.0, 120.0).apply();
/// arcade_sdk::rect(140.0, 100.0, 40.0, 40.0, arcade_sdk::Color::RED); // a rotated square
/// Transform::IDENTITY.apply();
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transform {
    /// The six matrix entries a, b, c, d, e, f.
    pub m: [f32; 6],
}

impl Transform {
    /// No change (every frame starts with it).
    pub const IDENTITY: Transform = Transform { m: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0] };

    /// A rotation by `angle` radians (clockwise on screen) about (px, py).
    pub fn rotate_about(angle: f32, px: f32, py: f32) -> Transform {
        let (s, c) = angle.sin_cos();
        Transform { m: [c, s, -s, c, px - c * px + s * py, py - s * px - c * py] }
    }

    /// A translation.
    pub fn translate(x: f32, y: f32) -> Transform {
        Transform { m: [1.0, 0.0, 0.0, 1.0, x, y] }
    }

    /// A scale about the origin.
    pub fn scale(sx: f32, sy: f32) -> Transform {
        Transform { m: [sx, 0.0, 0.0, sy, 0.0, 0.0] }
    }

    /// `other` applied after `self`.
    pub fn then(self, other: Transform) -> Transform {
        let [a, b, c, d, e, f] = self.m;
        let [a2, b2, c2, d2, e2, f2] = other.m;
        Transform { m: [a2 * a + c2 * b, b2 * a + d2 * b, a2 * c + c2 * d, b2 * c + d2 * d, a2 * e + c2 * f + e2, b2 * e + d2 * f + f2] }
    }

    /// Makes this the current transform for everything drawn after it in this frame.
    pub fn apply(self) {
        let [a, b, c, d, e, f] = self.m;
        unsafe { sys::set_transform(a, b, c, d, e, f) }
    }
}

/// A `w × h` rectangle centred on (cx, cy), rotated by `angle` radians.
pub fn rect_rotated(cx: f32, cy: f32, w: f32, h: f32, angle: f32, color: Color) {
    Transform::rotate_about(angle, cx, cy).apply();
    crate::rect(cx - w / 2.0, cy - h / 2.0, w, h, color);
    Transform::IDENTITY.apply();
}

/// A filled convex polygon (3 to 64 points; a triangle with 3).
///
/// ```ignore
/// arcade_sdk::v2::polygon(&[[10.0, 10.0], [30.0, 10.0], [20.0, 25.0]], arcade_sdk::Color::YELLOW);
/// ```
pub fn polygon(points: &[[f32; 2]], color: Color) {
    unsafe { sys::draw_polygon(points.as_ptr() as *const f32, points.len(), color.0) }
}

/// A circle outline `thickness` wide, centred on `radius`.
pub fn circle_outline(cx: f32, cy: f32, radius: f32, thickness: f32, color: Color) {
    unsafe { sys::draw_circle_outline(cx, cy, radius, thickness, color.0) }
}

// ---------------------------------------------------------------------------
// Images and sprite sheets
// ---------------------------------------------------------------------------

/// An image the host holds (made once; drawn any number of times per frame).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Image {
    id: u32,
    width: u32,
    height: u32,
}

impl Image {
    /// From RGBA8 pixels (4 bytes per pixel, R first; `pixels.len() == width * height * 4`).
    ///
    /// ```ignore
    /// let dot = arcade_sdk::v2::Image::rgba(&[255, 0, 0, 255], 1, 1);
    /// ```
    pub fn rgba(pixels: &[u8], width: u32, height: u32) -> Image {
        assert!(pixels.len() == (width * height * 4) as usize, "Image::rgba: {} bytes for {}×{} pixels", pixels.len(), width, height);
        let id = unsafe { sys::image_create(pixels.as_ptr(), width, height, 32, core::ptr::null(), 0) };
        Image { id, width, height }
    }

    /// From packed palette indices, `bits` (1, 2, 4 or 8) per pixel, most
    /// significant bits first, each row starting on a byte. A palette colour
    /// with alpha 0 is transparent.
    ///
    /// ```ignore
    /// use arcade_sdk::{Color, v2::Image};
    /// // 8×2, 1 bit per pixel: a dashed line over a solid one
    /// let img = Image::indexed(&[0b1010_1010, 0xff], 8, 2, 1, &[Color::TRANSPARENT, Color::WHITE]);
    /// ```
    pub fn indexed(pixels: &[u8], width: u32, height: u32, bits: u32, palette: &[Color]) -> Image {
        let stride = ((width * bits + 7) / 8) as usize;
        assert!(pixels.len() >= stride * height as usize, "Image::indexed: {} bytes for {}×{} at {} bits", pixels.len(), width, height, bits);
        let id = unsafe { sys::image_create(pixels.as_ptr(), width, height, bits, palette.as_ptr() as *const u8, palette.len()) };
        Image { id, width, height }
    }

    /// The host's id.
    pub fn id(self) -> u32 {
        self.id
    }
    /// Width in pixels.
    pub fn width(self) -> u32 {
        self.width
    }
    /// Height in pixels.
    pub fn height(self) -> u32 {
        self.height
    }

    /// A draw of the whole image at (x, y), at its own size (chain options, then `.draw()`).
    pub fn at(self, x: f32, y: f32) -> Sprite {
        Sprite::new(self, 0.0, 0.0, self.width as f32, self.height as f32).at(x, y)
    }

    /// A draw of a part of the image.
    pub fn part(self, sx: f32, sy: f32, sw: f32, sh: f32) -> Sprite {
        Sprite::new(self, sx, sy, sw, sh)
    }

    /// Frees the image (its id may not be drawn again).
    pub fn free(self) {
        unsafe { sys::image_free(self.id) }
    }
}

/// An image cut into equal cells, numbered row by row from 0.
///
/// ```ignore
/// let sheet = SpriteSheet::new(image, 16, 16);
/// sheet.sprite(3).at(100.0, 50.0).draw();
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpriteSheet {
    image: Image,
    cell_w: u32,
    cell_h: u32,
}

impl SpriteSheet {
    /// A sheet of `cell_w × cell_h` cells.
    pub fn new(image: Image, cell_w: u32, cell_h: u32) -> SpriteSheet {
        assert!(cell_w > 0 && cell_h > 0 && cell_w <= image.width && cell_h <= image.height, "SpriteSheet::new: bad cell size");
        SpriteSheet { image, cell_w, cell_h }
    }

    /// Cells in the sheet.
    pub fn len(&self) -> u32 {
        (self.image.width / self.cell_w) * (self.image.height / self.cell_h)
    }

    /// Whether the sheet has no cells (never, for a valid sheet).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell `n` (row by row), at its own size at (0, 0).
    pub fn sprite(&self, n: u32) -> Sprite {
        let per_row = self.image.width / self.cell_w;
        let (cx, cy) = (n % per_row, n / per_row);
        Sprite::new(self.image, (cx * self.cell_w) as f32, (cy * self.cell_h) as f32, self.cell_w as f32, self.cell_h as f32)
    }
}

/// One draw of (a part of) an image: where, how big, rotated, flipped, tinted.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use = "a Sprite draws nothing until .draw()"]
pub struct Sprite {
    image: Image,
    src: [f32; 4],
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    angle: f32,
    ox: f32,
    oy: f32,
    flags: u32,
    tint: Color,
}

impl Sprite {
    fn new(image: Image, sx: f32, sy: f32, sw: f32, sh: f32) -> Sprite {
        Sprite { image, src: [sx, sy, sw, sh], x: 0.0, y: 0.0, w: sw, h: sh, angle: 0.0, ox: 0.0, oy: 0.0, flags: 0, tint: Color::WHITE }
    }
    /// Where the origin lands (the top-left corner unless `origin`/`centered`).
    pub fn at(mut self, x: f32, y: f32) -> Sprite {
        self.x = x;
        self.y = y;
        self
    }
    /// Drawn size.
    pub fn size(mut self, w: f32, h: f32) -> Sprite {
        self.w = w;
        self.h = h;
        self
    }
    /// Drawn size as a multiple of the source size.
    pub fn scale(mut self, k: f32) -> Sprite {
        self.w = self.src[2] * k;
        self.h = self.src[3] * k;
        self
    }
    /// Rotation in radians (clockwise on screen) about the origin.
    pub fn rotate(mut self, angle: f32) -> Sprite {
        self.angle = angle;
        self
    }
    /// The origin, in drawn pixels from the rectangle's top-left corner.
    pub fn origin(mut self, ox: f32, oy: f32) -> Sprite {
        self.ox = ox;
        self.oy = oy;
        self
    }
    /// The origin at the centre (call after `size`/`scale`).
    pub fn centered(self) -> Sprite {
        let (w, h) = (self.w, self.h);
        self.origin(w / 2.0, h / 2.0)
    }
    /// Mirrored left–right inside its rectangle.
    pub fn flip_x(mut self) -> Sprite {
        self.flags |= 1;
        self
    }
    /// Mirrored top–bottom inside its rectangle.
    pub fn flip_y(mut self) -> Sprite {
        self.flags |= 2;
        self
    }
    /// Multiplies every pixel (alpha fades it); `Color::WHITE` draws it as it is.
    pub fn tint(mut self, color: Color) -> Sprite {
        self.tint = color;
        self
    }
    /// Draws it.
    pub fn draw(self) {
        let [sx, sy, sw, sh] = self.src;
        unsafe { sys::draw_image(self.image.id, sx, sy, sw, sh, self.x, self.y, self.w, self.h, self.angle, self.ox, self.oy, self.flags, self.tint.0) }
    }
}

// ---------------------------------------------------------------------------
// Sound
// ---------------------------------------------------------------------------

/// A tone's waveform.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Wave {
    /// Square (pulse) wave with this duty cycle (0.05–0.95; 0.5 is a plain square).
    Square(f32),
    /// Triangle wave.
    Triangle,
    /// Sawtooth wave.
    Sawtooth,
    /// Noise (the frequency sets its colour).
    Noise,
    /// Sine wave.
    Sine,
}

/// A synthesised note: build it, then `.play(channel)`.
///
/// ```ignore
/// use arcade_sdk::v2::{Tone, Wave};
/// // a laser: 1200 → 300 Hz in 0.15 s, sawtooth, a bit to the left
/// Tone::new(1200.0).to(300.0).duration(0.15).wave(Wave::Sawtooth).pan(-0.3).play(1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use = "a Tone plays nothing until .play(channel)"]
pub struct Tone {
    freq: f32,
    freq_end: f32,
    duration: f32,
    volume: f32,
    pan: f32,
    adsr: [f32; 4],
    wave: Wave,
}

impl Tone {
    /// A 0.1 s square note at `freq` Hz, volume 0.5, short envelope.
    pub fn new(freq: f32) -> Tone {
        Tone { freq, freq_end: freq, duration: 0.1, volume: 0.5, pan: 0.0, adsr: [0.005, 0.05, 0.7, 0.05], wave: Wave::Square(0.5) }
    }
    /// Slides (exponentially) to this frequency over the duration.
    pub fn to(mut self, freq_end: f32) -> Tone {
        self.freq_end = freq_end;
        self
    }
    /// Seconds until the release starts.
    pub fn duration(mut self, seconds: f32) -> Tone {
        self.duration = seconds;
        self
    }
    /// Peak volume 0–1.
    pub fn volume(mut self, volume: f32) -> Tone {
        self.volume = volume;
        self
    }
    /// Stereo position −1 (left) to 1 (right).
    pub fn pan(mut self, pan: f32) -> Tone {
        self.pan = pan;
        self
    }
    /// Attack, decay (seconds), sustain level (0–1), release (seconds).
    pub fn envelope(mut self, attack: f32, decay: f32, sustain: f32, release: f32) -> Tone {
        self.adsr = [attack, decay, sustain, release];
        self
    }
    /// The waveform.
    pub fn wave(mut self, wave: Wave) -> Tone {
        self.wave = wave;
        self
    }
    /// Plays it on `channel` (0–7), replacing what the channel played.
    pub fn play(self, channel: u32) {
        let (wave, duty) = match self.wave {
            Wave::Square(d) => (0, d),
            Wave::Triangle => (1, 0.5),
            Wave::Sawtooth => (2, 0.5),
            Wave::Noise => (3, 0.5),
            Wave::Sine => (4, 0.5),
        };
        let [a, d, s, r] = self.adsr;
        unsafe { sys::tone(channel, wave, self.freq, self.freq_end, self.duration, self.volume, self.pan, a, d, s, r, duty) }
    }
}

/// A PCM sample the host holds.
///
/// ```ignore
/// static BLIP: [i16; 4] = [0, 12000, 0, -12000];
/// let blip = arcade_sdk::v2::Sound::pcm(&BLIP, 8000);
/// blip.play(2, 1.0, 0.0, 1.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sound(u32);

impl Sound {
    /// From mono signed 16-bit samples at `sample_rate` Hz (4000–96000).
    pub fn pcm(samples: &[i16], sample_rate: u32) -> Sound {
        Sound(unsafe { sys::sound_create(samples.as_ptr() as *const u8, samples.len(), sample_rate) })
    }
    /// Plays it once on `channel` with a volume (0–1), pan (−1–1) and speed (0.125–8).
    pub fn play(self, channel: u32, volume: f32, pan: f32, rate: f32) {
        unsafe { sys::sound_play(self.0, channel, volume, pan, rate) }
    }
    /// Silences a channel.
    pub fn stop(channel: u32) {
        unsafe { sys::sound_stop(channel) }
    }
}

// ---------------------------------------------------------------------------
// Save data
// ---------------------------------------------------------------------------

/// The game's save data (up to 64 KiB, kept per game id by the app).
///
/// ```ignore
/// use arcade_sdk::v2::Save;
/// let best = Save::read().get(0..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or(0);
/// Save::write(&(best + 1).to_le_bytes());
/// ```
pub struct Save;

impl Save {
    /// Largest save.
    pub const MAX_BYTES: usize = 64 * 1024;

    /// The current save data (empty if there is none).
    pub fn read() -> Vec<u8> {
        let len = unsafe { sys::save_read(core::ptr::null_mut(), 0) } as usize;
        let mut data = vec![0u8; len];
        if len > 0 {
            unsafe { sys::save_read(data.as_mut_ptr(), len) };
        }
        data
    }

    /// Replaces the save data (empty deletes it). Panics over `MAX_BYTES`.
    pub fn write(data: &[u8]) {
        assert!(data.len() <= Save::MAX_BYTES, "Save::write: {} bytes is over 64 KiB", data.len());
        unsafe { sys::save_write(data.as_ptr(), data.len()) }
    }
}

// ---------------------------------------------------------------------------
// Pointer and gamepads (kept up to date by export_game_v2!)
// ---------------------------------------------------------------------------

/// The mouse / touch pointer: position in logical pixels, buttons, wheel.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pointer {
    /// Position (logical pixels).
    pub x: f32,
    /// Position (logical pixels).
    pub y: f32,
    /// Wheel turned this frame (lines).
    pub wheel: (f32, f32),
    held: u8,
    pressed: u8,
    released: u8,
}

impl Pointer {
    /// Button `b` (0 left / touch, 1 middle, 2 right) is down.
    pub fn held(&self, b: u32) -> bool {
        self.held & (1 << b) != 0
    }
    /// Button `b` went down this frame.
    pub fn pressed(&self, b: u32) -> bool {
        self.pressed & (1 << b) != 0
    }
    /// Button `b` went up this frame.
    pub fn released(&self, b: u32) -> bool {
        self.released & (1 << b) != 0
    }
}

/// Standard-mapping button numbers (the W3C Gamepad "standard" layout).
pub mod button {
    /// Bottom face button (A / cross).
    pub const A: u32 = 0;
    /// Right face button (B / circle).
    pub const B: u32 = 1;
    /// Left face button (X / square).
    pub const X: u32 = 2;
    /// Top face button (Y / triangle).
    pub const Y: u32 = 3;
    /// Left bumper.
    pub const LB: u32 = 4;
    /// Right bumper.
    pub const RB: u32 = 5;
    /// Left trigger (analogue).
    pub const LT: u32 = 6;
    /// Right trigger (analogue).
    pub const RT: u32 = 7;
    /// Select / back.
    pub const SELECT: u32 = 8;
    /// Start.
    pub const START: u32 = 9;
    /// D-pad up.
    pub const UP: u32 = 12;
    /// D-pad down.
    pub const DOWN: u32 = 13;
    /// D-pad left.
    pub const LEFT: u32 = 14;
    /// D-pad right.
    pub const RIGHT: u32 = 15;
}

/// One gamepad's state.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Gamepad {
    /// Whether a pad is connected in this slot.
    pub connected: bool,
    /// Button values 0–1 (standard mapping).
    pub buttons: [f32; 17],
    /// Axes −1–1: left stick x, y, right stick x, y.
    pub axes: [f32; 4],
    pressed: u32,
}

impl Gamepad {
    /// Button `b` is held (more than half way).
    pub fn held(&self, b: u32) -> bool {
        self.buttons.get(b as usize).map_or(false, |v| *v > 0.5)
    }
    /// Button `b` went down this frame.
    pub fn pressed(&self, b: u32) -> bool {
        self.pressed & (1 << b) != 0
    }
}

static mut POINTER: Pointer = Pointer { x: 0.0, y: 0.0, wheel: (0.0, 0.0), held: 0, pressed: 0, released: 0 };
static mut GAMEPADS: [Gamepad; 4] = [Gamepad { connected: false, buttons: [0.0; 17], axes: [0.0; 4], pressed: 0 }; 4];

/// The pointer as of this frame.
pub fn pointer() -> Pointer {
    unsafe { POINTER }
}

/// Gamepad `n` (0–3) as of this frame.
pub fn gamepad(n: usize) -> Gamepad {
    unsafe { GAMEPADS.get(n).copied().unwrap_or_default() }
}

#[doc(hidden)]
pub mod __private {
    //! Support for [`export_game_v2!`](crate::export_game_v2); not public API.
    use super::{GAMEPADS, POINTER};

    pub fn pointer_move(x: f32, y: f32) {
        unsafe {
            POINTER.x = x;
            POINTER.y = y;
        }
    }
    pub fn pointer_button(b: u32, down: bool) {
        if b >= 8 {
            return;
        }
        unsafe {
            if down {
                POINTER.held |= 1 << b;
                POINTER.pressed |= 1 << b;
            } else {
                POINTER.held &= !(1 << b);
                POINTER.released |= 1 << b;
            }
        }
    }
    pub fn pointer_wheel(dx: f32, dy: f32) {
        unsafe { POINTER.wheel = (POINTER.wheel.0 + dx, POINTER.wheel.1 + dy) }
    }
    pub fn gamepad_connected(pad: u32, connected: bool) {
        if let Some(p) = unsafe { GAMEPADS.get_mut(pad as usize) } {
            *p = Default::default();
            p.connected = connected;
        }
    }
    pub fn gamepad_button(pad: u32, b: u32, value: f32) {
        if let Some(p) = unsafe { GAMEPADS.get_mut(pad as usize) } {
            p.connected = true;
            if let Some(v) = p.buttons.get_mut(b as usize) {
                if *v <= 0.5 && value > 0.5 {
                    p.pressed |= 1 << b;
                }
                *v = value;
            }
        }
    }
    pub fn gamepad_axis(pad: u32, a: u32, value: f32) {
        if let Some(p) = unsafe { GAMEPADS.get_mut(pad as usize) } {
            p.connected = true;
            if let Some(v) = p.axes.get_mut(a as usize) {
                *v = value;
            }
        }
    }
    /// Clears this frame's edges (after the game's update).
    pub fn end_frame() {
        unsafe {
            POINTER.pressed = 0;
            POINTER.released = 0;
            POINTER.wheel = (0.0, 0.0);
            for p in GAMEPADS.iter_mut() {
                p.pressed = 0;
            }
        }
    }
}

// Jingles: tones scheduled frames ahead (declared last, so the code above keeps its line numbers).
mod tune;
pub use tune::Tune;
