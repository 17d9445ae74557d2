//! Rocket: an homage to the rocket game of the 2018 talk that this project
//! descends from, rebuilt on ABI v2 with the SDK.
//!
//! A ship turns, thrusts (with inertia: it drifts until drag or a wall stops
//! it) and shoots. Enemies arrive in waves at the edges of the screen, a
//! blinking marker first, and chase it: drones that home in, darts that
//! accelerate straight at you and overshoot, gunners (from wave 4) that
//! circle at a distance and shoot, brutes that take five hits and burst into
//! three minis. Brutes (and now and then others) drop capsules:
//! "3" fires a spread of three for ten seconds, "S" a shield that takes one
//! hit. Quick kills build a score multiplier; every
//! 2500 points give a ship (up to five). Three ships, then game over; the best
//! score is saved (`score: "u32le@0"`, so the game library shows it).
//!
//! Every sprite is pixel art written out below as text (one character a
//! pixel), packed at start-up into 2-bit indexed sprite sheets and drawn
//! rotated. Thrust, shots, hits and explosions throw particles and make
//! sounds. The title screen runs a self-playing attract demo (silent).
//!
//! Controls: keyboard (←/→ or A/D turn, ↑/W thrust, ↓/S brake, Space/Z/X
//! fire), mouse (the ship turns toward the pointer, left button fires, right
//! button thrusts) and gamepad (left stick aims, right stick aims and fires,
//! A or RT thrust, X/B/RB fire, d-pad turns and thrusts, LB brakes). Enter,
//! Space, a click, A or Start begins a game and restarts after game over.
//!
//! All randomness comes from the session's seed, and time only from the fixed
//! `dt`, so recordings replay exactly.

use arcade_sdk::v2::{button, circle_outline, gamepad, pointer, Image, Save, SpriteSheet, Tone, Transform, Tune, Wave};
use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};

sdk::game_meta! {
    abi: 2,
    title: "Rocket",
    width: 320,
    height: 240,
    author: "Wasm Arcade",
    description: "Turn, thrust, shoot: survive the swarm. An homage to the 2018 talk's rocket game.",
    id: "wasm-arcade.rocket",
    score: "u32le@0",
}
sdk::export_game_v2!(Rocket);

const W: f32 = 320.0;
const H: f32 = 240.0;
const PI: f32 = core::f32::consts::PI;
const TAU: f32 = 2.0 * PI;

// ---------------------------------------------------------------------------
// Pixel art: '.' is transparent, '1' '2' '3' the palette's three colours
// (dark outline, body, highlight). Each sheet is a row of equal frames.
// ---------------------------------------------------------------------------

/// The player's ship, pointing right (angle 0).
const SHIP: [&str; 16] = [
    "................",
    ".11.............",
    ".1211...........",
    "..12211.........",
    "..1222211.......",
    "...12222211.....",
    "..112222222111..",
    ".12222223322221.",
    ".12222223322221.",
    "..112222222111..",
    "...12222211.....",
    "..1222211.......",
    "..12211.........",
    ".1211...........",
    ".11.............",
    "................",
];

/// The exhaust flame, two frames, its base on the right edge (behind the ship).
const FLAME: [[&str; 8]; 2] = [
    ["........", "........", "....1122", "..112233", "..112233", "....1122", "........", "........"],
    ["........", "......12", "..111223", "11122333", "11122333", "..111223", "......12", "........"],
];

/// Drone: a blob with one big eye (the pupil is drawn on top, looking at the ship).
const DRONE: [[&str; 16]; 2] = [
    [
        "................",
        "......1111......",
        "....11222211....",
        "...1222222221...",
        "..122222222221..",
        "..122233332221..",
        ".12223333332221.",
        ".12223333332221.",
        ".12223333332221.",
        ".12223333332221.",
        "..122233332221..",
        "..122222222221..",
        "...1222222221...",
        "....11222211....",
        "......1111......",
        "................",
    ],
    [
        "................",
        "..1...1111...1..",
        "...111222211....",
        "...1222222221...",
        "..122222222221..",
        "..122233332221..",
        ".12223333332221.",
        "112223333332221.",
        ".12223333332221.",
        ".122233333322211",
        "..122233332221..",
        "..122222222221..",
        "...1222222221...",
        "....112222111...",
        "..1...1111...1..",
        "................",
    ],
];

/// Dart: an arrowhead pointing where it flies.
const DART: [&str; 16] = [
    "................",
    "................",
    ".11.............",
    ".1211...........",
    "..12211.........",
    "..1222211.......",
    "...122223111....",
    "...12222333311..",
    "...12222333311..",
    "...122223111....",
    "..1222211.......",
    "..12211.........",
    ".1211...........",
    ".11.............",
    "................",
    "................",
];

/// Brute: big, angry, five hits.
const BRUTE: [&str; 16] = [
    "....11111111....",
    "..112222222211..",
    ".12222222222221.",
    ".12332222223321.",
    "1223332222333221",
    "1222332222332221",
    "1222222222222221",
    "1222211111122221",
    "1222133333312221",
    "1222133333312221",
    "1222211111122221",
    "1222222222222221",
    ".12222222222221.",
    ".12122222222121.",
    "..1.11111111.1..",
    "................",
];

/// Gunner: a saucer with a cannon that keeps its distance and shoots.
const GUNNER: [&str; 16] = [
    "................",
    ".....111111.....",
    "....12222221....",
    "...1223333221...",
    "..122333333221..",
    "..12233113322111",
    ".122233113322331",
    ".122233113322331",
    ".122233113322331",
    ".122233113322331",
    "..12233113322111",
    "..122333333221..",
    "...1223333221...",
    "....12222221....",
    ".....111111.....",
    "................",
];

/// A power-up capsule (grey, tinted by kind; its letter is drawn on top).
const CAPSULE: [&str; 16] = [
    "................",
    "................",
    "................",
    "....11111111....",
    "...1333333331...",
    "..133222222331..",
    ".13322222222331.",
    ".13222222222231.",
    ".13222222222231.",
    ".12222222222221.",
    "..122222222221..",
    "...1222222221...",
    "....11111111....",
    "................",
    "................",
    "................",
];

/// Packs frames of text art into a 2-bit indexed image (4 pixels a byte, the
/// leftmost in the top bits) and cuts it into a sprite sheet.
fn make_sheet(frames: &[&[&str]], palette: &[Color; 4]) -> SpriteSheet {
    let h = frames[0].len();
    let w = frames[0][0].len();
    let width = w * frames.len();
    let stride = (width + 3) / 4;
    let mut px = vec![0u8; stride * h];
    for (f, rows) in frames.iter().enumerate() {
        assert!(rows.len() == h, "sprite frame {} has {} rows, expected {}", f, rows.len(), h);
        for (y, row) in rows.iter().enumerate() {
            assert!(row.len() == w, "sprite frame {} row {} is {} wide, expected {}", f, y, row.len(), w);
            for (x, ch) in row.bytes().enumerate() {
                let v = match ch {
                    b'1' => 1,
                    b'2' => 2,
                    b'3' => 3,
                    b'.' => 0,
                    _ => panic!("sprite frame {} row {}: bad pixel {:?}", f, y, ch as char),
                };
                let gx = f * w + x;
                px[y * stride + gx / 4] |= v << (6 - 2 * (gx % 4));
            }
        }
    }
    SpriteSheet::new(Image::indexed(&px, width as u32, h as u32, 2, palette), w as u32, h as u32)
}

/// One sheet in its colours and the same shapes as white silhouettes (a hit flash).
struct Art {
    normal: SpriteSheet,
    flash: SpriteSheet,
}

impl Art {
    fn new(frames: &[&[&str]], palette: [u32; 3]) -> Art {
        let colors = [Color::TRANSPARENT, Color::hex(palette[0]), Color::hex(palette[1]), Color::hex(palette[2])];
        let white = [Color::TRANSPARENT, Color::WHITE, Color::WHITE, Color::WHITE];
        Art { normal: make_sheet(frames, &colors), flash: make_sheet(frames, &white) }
    }
}

struct Sheets {
    ship: SpriteSheet,
    flame: SpriteSheet,
    drone: Art,
    dart: Art,
    brute: Art,
    gunner: Art,
    capsule: SpriteSheet,
}

impl Sheets {
    fn new() -> Sheets {
        let ship = make_sheet(&[&SHIP], &[Color::TRANSPARENT, Color::hex(0x1a2444), Color::hex(0xe4ecf8), Color::hex(0x38c8ff)]);
        let flame = make_sheet(&[&FLAME[0], &FLAME[1]], &[Color::TRANSPARENT, Color::hex(0xd02818), Color::hex(0xff8c1a), Color::hex(0xfff070)]);
        Sheets {
            ship,
            flame,
            drone: Art::new(&[&DRONE[0], &DRONE[1]], [0x14402a, 0x4cd964, 0xf8f080]),
            dart: Art::new(&[&DART], [0x5a1208, 0xff7a1c, 0xffe45a]),
            brute: Art::new(&[&BRUTE], [0x2a0c44, 0x9848e0, 0xff78d8]),
            gunner: Art::new(&[&GUNNER], [0x202a38, 0x8898b8, 0xff4060]),
            capsule: make_sheet(&[&CAPSULE], &[Color::TRANSPARENT, Color::hex(0x303848), Color::hex(0xb0b8c8), Color::WHITE]),
        }
    }
}

// ---------------------------------------------------------------------------
// Small maths
// ---------------------------------------------------------------------------

/// `a` in (−π, π].
fn wrap_angle(a: f32) -> f32 {
    let mut a = a % TAU;
    if a > PI {
        a -= TAU;
    } else if a <= -PI {
        a += TAU;
    }
    a
}

/// `angle` turned toward `target` by at most `step` radians.
fn turn_toward(angle: f32, target: f32, step: f32) -> f32 {
    let d = wrap_angle(target - angle);
    if d.abs() <= step {
        wrap_angle(target)
    } else {
        wrap_angle(angle + step * d.signum())
    }
}

fn len(x: f32, y: f32) -> f32 {
    (x * x + y * y).sqrt()
}

/// Keeps `pos` in `lo..=hi`, bouncing `vel` back at half speed; true if it hit.
fn bounce(pos: &mut f32, vel: &mut f32, lo: f32, hi: f32) -> bool {
    if *pos < lo {
        *pos = lo;
        *vel = vel.abs() * 0.5;
        true
    } else if *pos > hi {
        *pos = hi;
        *vel = -vel.abs() * 0.5;
        true
    } else {
        false
    }
}

/// Stereo position of a screen x.
fn pan(x: f32) -> f32 {
    ((x / W) * 2.0 - 1.0).max(-1.0).min(1.0) * 0.7
}

// ---------------------------------------------------------------------------
// The world: everything that moves
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Default)]
struct Controls {
    /// −1 (left) to 1 (right): turn at the keyboard rate.
    turn: f32,
    /// Turn toward this heading (mouse, sticks).
    aim: Option<f32>,
    /// 0 to 1.
    thrust: f32,
    brake: bool,
    fire: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Drone,
    Dart,
    Brute,
    Mini,
    Gunner,
}

impl Kind {
    fn radius(self) -> f32 {
        match self {
            Kind::Drone => 6.5,
            Kind::Dart => 5.0,
            Kind::Brute => 11.0,
            Kind::Mini => 4.0,
            Kind::Gunner => 7.0,
        }
    }
    fn hp(self) -> i32 {
        match self {
            Kind::Brute => 5,
            Kind::Gunner => 2,
            _ => 1,
        }
    }
    fn points(self) -> u32 {
        match self {
            Kind::Drone => 10,
            Kind::Dart => 25,
            Kind::Brute => 60,
            Kind::Mini => 5,
            Kind::Gunner => 40,
        }
    }
    /// Explosion colours.
    fn colors(self) -> (Color, Color) {
        match self {
            Kind::Drone => (Color::hex(0xf8f080), Color::hex(0x4cd964)),
            Kind::Dart => (Color::hex(0xffe45a), Color::hex(0xff7a1c)),
            Kind::Brute => (Color::hex(0xff78d8), Color::hex(0x9848e0)),
            Kind::Mini => (Color::hex(0xc8f0ff), Color::hex(0x4ca0d9)),
            Kind::Gunner => (Color::hex(0xff4060), Color::hex(0x8898b8)),
        }
    }
}

struct Ship {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    angle: f32,
    alive: bool,
    /// Seconds until the next ship appears (after a loss).
    respawn: f32,
    /// Seconds of invulnerability left (after appearing).
    invuln: f32,
    cooldown: f32,
    /// How hard it thrusts this frame (drawing, sound).
    thrust: f32,
    thrust_frames: u32,
    /// Seconds of spread shot left.
    spread: f32,
    shield: bool,
}

struct Enemy {
    kind: Kind,
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    hp: i32,
    angle: f32,
    flash: f32,
    age: f32,
    /// Gunners: seconds until the next shot.
    reload: f32,
}

/// A gunner's shot: slow, bright, deadly.
struct Shell {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    life: f32,
}

struct Bullet {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    life: f32,
}

struct Particle {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    life: f32,
    max: f32,
    size: f32,
    from: Color,
    to: Color,
    drag: f32,
}

struct Ring {
    x: f32,
    y: f32,
    r: f32,
    grow: f32,
    life: f32,
    max: f32,
    color: Color,
    /// A filled disc (a flash) rather than a ring.
    filled: bool,
}

struct Popup {
    x: f32,
    y: f32,
    text: String,
    life: f32,
}

#[derive(Clone, Copy, PartialEq)]
enum Power {
    /// Three shots in a fan, for a while.
    Spread,
    /// Takes one hit for the ship.
    Shield,
}

impl Power {
    fn color(self) -> Color {
        match self {
            Power::Spread => Color::hex(0xffa030),
            Power::Shield => Color::hex(0x40d0ff),
        }
    }
    fn letter(self) -> &'static str {
        match self {
            Power::Spread => "3",
            Power::Shield => "S",
        }
    }
}

struct Pickup {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    power: Power,
    life: f32,
}

const SPREAD_SECONDS: f32 = 10.0;

/// A spawn about to happen: a marker blinks at the edge first.
struct Warn {
    x: f32,
    y: f32,
    t: f32,
    kind: Kind,
}

const MAX_PARTICLES: usize = 420;
const START_LIVES: u32 = 3;
const MAX_LIVES: u32 = 5;
const EXTRA_LIFE_EVERY: u32 = 2500;

struct World {
    rng: Rng,
    /// The attract demo: silent, nothing logged, the ship flown by `autopilot`.
    demo: bool,
    ship: Ship,
    enemies: Vec<Enemy>,
    bullets: Vec<Bullet>,
    shells: Vec<Shell>,
    particles: Vec<Particle>,
    rings: Vec<Ring>,
    popups: Vec<Popup>,
    warns: Vec<Warn>,
    pickups: Vec<Pickup>,
    score: u32,
    lives: u32,
    next_life: u32,
    wave: u32,
    to_spawn: u32,
    spawn_t: f32,
    /// Seconds the "WAVE n" banner still shows.
    banner: f32,
    clear_bonus: u32,
    chain: u32,
    chain_t: f32,
    shake: f32,
    time: f32,
    /// The last ship is gone.
    over: bool,
    /// Jingles (wave, extra ship, game over) playing over the next frames.
    notes: Tune,
    kills: u32,
    /// The heartbeat: frames to the next beat, and which of its four notes.
    beat_wait: u32,
    beat: u32,
}

impl World {
    fn new(seed: u32, demo: bool) -> World {
        let mut w = World {
            rng: Rng::new(seed),
            demo,
            ship: Ship { x: W / 2.0, y: H / 2.0, vx: 0.0, vy: 0.0, angle: -PI / 2.0, alive: true, respawn: 0.0, invuln: 1.5, cooldown: 0.0, thrust: 0.0, thrust_frames: 0, spread: 0.0, shield: false },
            pickups: Vec::new(),
            enemies: Vec::new(),
            bullets: Vec::new(),
            shells: Vec::new(),
            particles: Vec::new(),
            rings: Vec::new(),
            popups: Vec::new(),
            warns: Vec::new(),
            score: 0,
            lives: START_LIVES,
            next_life: EXTRA_LIFE_EVERY,
            wave: 0,
            to_spawn: 0,
            spawn_t: 0.0,
            banner: 0.0,
            clear_bonus: 0,
            chain: 0,
            chain_t: 0.0,
            shake: 0.0,
            time: 0.0,
            over: false,
            notes: Tune::new(),
            kills: 0,
            beat_wait: 0,
            beat: 0,
        };
        if demo {
            w.lives = 1;
        }
        w.start_wave();
        w
    }

    fn sound(&self, tone: Tone, channel: u32) {
        if !self.demo {
            tone.play(channel);
        }
    }

    /// A tune: `notes` of `step` frames each, on one channel.
    fn tune(&mut self, notes: &[f32], step: u32, wave: Wave, volume: f32, channel: u32) {
        if !self.demo {
            let tone = Tone::new(440.0).duration(step as f32 / 60.0).volume(volume).wave(wave).envelope(0.005, 0.04, 0.6, 0.08);
            self.notes.notes(notes, step, tone, channel);
        }
    }

    fn log(&self, message: &str) {
        if !self.demo {
            sdk::log(message);
        }
    }

    fn multiplier(&self) -> u32 {
        1 + (self.chain / 4).min(3)
    }

    fn start_wave(&mut self) {
        self.wave += 1;
        self.to_spawn = 5 + 3 * self.wave;
        self.spawn_t = 1.6;
        self.banner = 2.2;
        if self.wave > 1 {
            self.tune(&[392.0, 523.25, 659.25, 783.99], 5, Wave::Square(0.25), 0.22, 6);
            self.log(&format!("rocket: wave {}", self.wave));
        }
    }

    /// A four-note bass line under the play that quickens as the swarm grows.
    fn heartbeat(&mut self) {
        if !self.ship.alive || self.enemies.is_empty() {
            return;
        }
        if self.beat_wait > 0 {
            self.beat_wait -= 1;
            return;
        }
        const NOTES: [f32; 4] = [110.0, 98.0, 92.5, 82.41];
        let f = NOTES[(self.beat % 4) as usize];
        self.sound(Tone::new(f).to(f * 0.97).duration(0.08).volume(0.3).wave(Wave::Triangle).envelope(0.0, 0.05, 0.5, 0.06), 7);
        self.beat += 1;
        self.beat_wait = 44u32.saturating_sub(2 * self.enemies.len() as u32).max(14);
    }

    fn pick_kind(&mut self) -> Kind {
        let r = self.rng.next_f32();
        let brute = if self.wave >= 3 { 0.08 + 0.02 * (self.wave.min(10) as f32) } else { 0.0 };
        let dart = if self.wave >= 2 { brute + 0.22 + 0.03 * (self.wave.min(8) as f32) } else { 0.0 };
        let gunner = if self.wave >= 4 { dart + 0.08 + 0.015 * (self.wave.min(12) as f32) } else { 0.0 };
        if r < brute {
            Kind::Brute
        } else if r < dart {
            Kind::Dart
        } else if r < gunner {
            Kind::Gunner
        } else {
            Kind::Drone
        }
    }

    /// A point on the screen's edge, not too close to the ship.
    fn edge_point(&mut self) -> (f32, f32) {
        let mut best = (0.0, 0.0);
        for _ in 0..6 {
            let t = self.rng.next_f32();
            let p = match self.rng.below(4) {
                0 => (12.0 + t * (W - 24.0), 12.0),
                1 => (W - 12.0, 12.0 + t * (H - 24.0)),
                2 => (12.0 + t * (W - 24.0), H - 12.0),
                _ => (12.0, 12.0 + t * (H - 24.0)),
            };
            best = p;
            if len(p.0 - self.ship.x, p.1 - self.ship.y) > 110.0 {
                break;
            }
        }
        best
    }

    fn spawn_enemy(&mut self, kind: Kind, x: f32, y: f32, vx: f32, vy: f32) {
        let reload = self.rng.range_f32(1.2, 2.2);
        self.enemies.push(Enemy { kind, x, y, vx, vy, hp: kind.hp(), angle: vy.atan2(vx), flash: 0.0, age: 0.0, reload });
    }

    fn particle(&mut self, x: f32, y: f32, vx: f32, vy: f32, life: f32, size: f32, from: Color, to: Color, drag: f32) {
        self.particles.push(Particle { x, y, vx, vy, life, max: life, size, from, to, drag });
    }

    fn burst(&mut self, x: f32, y: f32, count: u32, speed: f32, colors: (Color, Color), life: f32, size: f32) {
        for _ in 0..count {
            let a = self.rng.range_f32(0.0, TAU);
            let s = self.rng.range_f32(0.2, 1.0) * speed;
            let l = self.rng.range_f32(0.5, 1.0) * life;
            let sz = self.rng.range_f32(0.6, 1.0) * size;
            let from = if self.rng.chance(0.3) { Color::WHITE } else { colors.0 };
            self.particle(x, y, a.cos() * s, a.sin() * s, l, sz, from, colors.1, 2.2);
        }
    }

    fn ring(&mut self, x: f32, y: f32, r: f32, grow: f32, life: f32, color: Color) {
        self.rings.push(Ring { x, y, r, grow, life, max: life, color, filled: false });
    }

    /// A flash: a filled disc that shrinks and fades in a few frames.
    fn flash(&mut self, x: f32, y: f32, r: f32, life: f32) {
        self.rings.push(Ring { x, y, r, grow: -r / life, life, max: life, color: Color::hex(0xfffce0), filled: true });
    }

    fn explode(&mut self, i: usize, scored: bool) {
        let e = self.enemies.swap_remove(i);
        let big = e.kind == Kind::Brute;
        let colors = e.kind.colors();
        self.burst(e.x, e.y, if big { 50 } else { 28 }, if big { 160.0 } else { 120.0 }, colors, if big { 1.0 } else { 0.75 }, if big { 3.0 } else { 2.5 });
        self.ring(e.x, e.y, e.kind.radius(), if big { 140.0 } else { 90.0 }, if big { 0.45 } else { 0.3 }, colors.0);
        self.flash(e.x, e.y, e.kind.radius() * 1.7, if big { 0.2 } else { 0.12 });
        let tone = if big {
            Tone::new(420.0).to(35.0).duration(0.45).volume(0.5).wave(Wave::Noise).envelope(0.0, 0.1, 0.7, 0.25)
        } else {
            Tone::new(900.0).to(90.0).duration(0.22).volume(0.32).wave(Wave::Noise).envelope(0.0, 0.05, 0.6, 0.12)
        };
        // two explosion channels, so a quick double kill sounds as two
        self.sound(tone.pan(pan(e.x)), if self.kills % 2 == 0 { 1 } else { 5 });
        self.kills += 1;
        if big {
            self.shake = self.shake.max(0.25);
        }
        // a brute shot down bursts into minis (not one cleared away or rammed)
        if big && scored {
            for k in 0..3 {
                let a = e.angle + k as f32 * TAU / 3.0;
                self.spawn_enemy(Kind::Mini, e.x + a.cos() * 6.0, e.y + a.sin() * 6.0, a.cos() * 90.0, a.sin() * 90.0);
            }
        }
        let drop = match e.kind {
            Kind::Brute => 1.0,
            Kind::Dart | Kind::Gunner => 0.08,
            Kind::Drone => 0.03,
            Kind::Mini => 0.0,
        };
        if scored && self.rng.chance(drop) {
            let power = if self.rng.chance(0.5) { Power::Spread } else { Power::Shield };
            let a = self.rng.range_f32(0.0, TAU);
            self.pickups.push(Pickup { x: e.x, y: e.y, vx: a.cos() * 12.0, vy: a.sin() * 12.0, power, life: 9.0 });
        }
        if scored {
            self.chain += 1;
            self.chain_t = 1.3;
            let mult = self.multiplier();
            let points = e.kind.points() * mult;
            self.score += points;
            let text = if mult > 1 { format!("{}x{}", e.kind.points(), mult) } else { format!("{}", points) };
            self.popups.push(Popup { x: e.x, y: e.y - 6.0, text, life: 0.8 });
            if self.score >= self.next_life {
                self.next_life += EXTRA_LIFE_EVERY;
                if self.lives < MAX_LIVES && !self.demo {
                    self.lives += 1;
                    self.popups.push(Popup { x: self.ship.x, y: self.ship.y - 14.0, text: String::from("1UP"), life: 1.2 });
                    self.tune(&[659.25, 880.0, 1318.5], 4, Wave::Square(0.5), 0.25, 6);
                }
            }
        }
    }

    fn lose_ship(&mut self) {
        let (x, y) = (self.ship.x, self.ship.y);
        self.ship.alive = false;
        self.ship.thrust = 0.0;
        self.ship.spread = 0.0;
        self.burst(x, y, 70, 170.0, (Color::hex(0xfff070), Color::hex(0x38c8ff)), 1.3, 3.0);
        self.burst(x, y, 30, 90.0, (Color::hex(0xe4ecf8), Color::hex(0xd02818)), 1.6, 2.0);
        self.flash(x, y, 22.0, 0.25);
        self.ring(x, y, 6.0, 200.0, 0.6, Color::hex(0xfff070));
        self.ring(x, y, 2.0, 110.0, 0.8, Color::hex(0x38c8ff));
        self.shake = 0.7;
        self.chain = 0;
        self.sound(Tone::new(500.0).to(30.0).duration(0.9).volume(0.55).wave(Wave::Sawtooth).envelope(0.0, 0.2, 0.6, 0.4).pan(pan(x)), 4);
        self.sound(Tone::new(300.0).to(40.0).duration(0.7).volume(0.5).wave(Wave::Noise).envelope(0.0, 0.1, 0.7, 0.4), 1);
        self.lives -= 1;
        if self.lives == 0 {
            self.over = true;
            self.tune(&[523.25, 392.0, 311.13, 261.63, 196.0], 12, Wave::Triangle, 0.4, 6);
        } else {
            self.ship.respawn = 2.0;
            self.log(&format!("rocket: ship lost, {} left", self.lives));
        }
    }

    /// Something hit the ship: the shield takes it, or the ship is lost.
    fn ship_hit(&mut self) {
        if self.ship.shield {
            let (x, y) = (self.ship.x, self.ship.y);
            self.ship.shield = false;
            self.ship.invuln = 1.0;
            self.ring(x, y, 12.0, 120.0, 0.4, Power::Shield.color());
            self.shake = self.shake.max(0.3);
            self.sound(Tone::new(900.0).to(200.0).duration(0.2).volume(0.35).wave(Wave::Square(0.5)), 4);
        } else {
            self.lose_ship();
        }
    }

    fn respawn(&mut self) {
        let s = &mut self.ship;
        s.x = W / 2.0;
        s.y = H / 2.0;
        s.vx = 0.0;
        s.vy = 0.0;
        s.angle = -PI / 2.0;
        s.alive = true;
        s.invuln = 2.5;
        s.cooldown = 0.3;
        // clear the middle, so a new ship is never lost at once
        self.shells.clear();
        let mut i = 0;
        while i < self.enemies.len() {
            let e = &self.enemies[i];
            if len(e.x - W / 2.0, e.y - H / 2.0) < 80.0 {
                self.explode(i, false);
            } else {
                i += 1;
            }
        }
        self.ring(W / 2.0, H / 2.0, 80.0, -90.0, 0.6, Color::hex(0x38c8ff));
        self.sound(Tone::new(300.0).to(900.0).duration(0.3).volume(0.3).wave(Wave::Triangle), 4);
    }

    fn fire(&mut self) {
        let s = &self.ship;
        let (sin, cos) = s.angle.sin_cos();
        let (x, y) = (s.x + cos * 9.0, s.y + sin * 9.0);
        let fan: &[f32] = if s.spread > 0.0 { &[-0.16, 0.0, 0.16] } else { &[0.0] };
        for &da in fan {
            let (bs, bc) = (s.angle + da).sin_cos();
            self.bullets.push(Bullet { x, y, vx: bc * 320.0 + s.vx * 0.5, vy: bs * 320.0 + s.vy * 0.5, life: 0.8 });
        }
        self.ship.cooldown = 0.13;
        self.particle(x, y, cos * 40.0, sin * 40.0, 0.08, 3.0, Color::WHITE, Color::hex(0xfff070), 0.0);
        self.sound(Tone::new(1500.0).to(520.0).duration(0.06).volume(0.16).wave(Wave::Square(0.25)).envelope(0.0, 0.03, 0.5, 0.04).pan(pan(x)), 0);
    }

    /// Flies the demo ship: aims at the nearest enemy, fires when lined up,
    /// keeps away from walls and from enemies that come too close.
    fn autopilot(&self) -> Controls {
        let s = &self.ship;
        let mut c = Controls::default();
        let nearest = self.enemies.iter().min_by(|a, b| {
            let da = len(a.x - s.x, a.y - s.y);
            let db = len(b.x - s.x, b.y - s.y);
            da.partial_cmp(&db).unwrap_or(core::cmp::Ordering::Equal)
        });
        let near_wall = s.x < 40.0 || s.x > W - 40.0 || s.y < 40.0 || s.y > H - 40.0;
        if let Some(e) = nearest {
            let d = len(e.x - s.x, e.y - s.y);
            // lead the target a little
            let t = d / 320.0;
            let to = (e.y + e.vy * t - s.y).atan2(e.x + e.vx * t - s.x);
            if d < 45.0 {
                c.aim = Some(to + PI);
                c.thrust = 1.0;
            } else {
                c.aim = Some(to);
                c.fire = wrap_angle(to - s.angle).abs() < 0.25 && d < 220.0;
                c.thrust = if len(s.vx, s.vy) < 25.0 && d > 140.0 { 0.6 } else { 0.0 };
            }
        }
        // with nothing close, fetch a capsule
        let calm = nearest.map_or(true, |e| len(e.x - s.x, e.y - s.y) > 90.0);
        if let (true, Some(p)) = (calm, self.pickups.first()) {
            let to = (p.y - s.y).atan2(p.x - s.x);
            c.aim = Some(to);
            c.fire = false;
            c.thrust = if wrap_angle(to - s.angle).abs() < 0.3 && len(s.vx, s.vy) < 60.0 { 0.8 } else { 0.0 };
        }
        if near_wall && len(s.vx, s.vy) > 30.0 {
            c.aim = Some((H / 2.0 - s.y).atan2(W / 2.0 - s.x));
            c.thrust = 0.8;
            c.fire = false;
        }
        c
    }

    fn update(&mut self, dt: f32, input: Option<Controls>) {
        self.time += dt;
        self.shake = (self.shake - dt).max(0.0);
        self.banner = (self.banner - dt).max(0.0);
        if self.chain_t > 0.0 {
            self.chain_t -= dt;
            if self.chain_t <= 0.0 {
                self.chain = 0;
            }
        }
        self.notes.update();
        self.heartbeat();
        let controls = if self.demo { self.autopilot() } else { input.unwrap_or_default() };
        self.update_ship(dt, controls);
        self.update_spawns(dt);
        self.update_enemies(dt);
        self.update_shots(dt);
        self.update_effects(dt);
        if self.to_spawn == 0 && self.enemies.is_empty() && self.warns.is_empty() && !self.over && self.banner == 0.0 {
            let bonus = 50 * self.wave;
            self.score += bonus;
            self.clear_bonus = bonus;
            self.start_wave();
        }
    }

    fn update_ship(&mut self, dt: f32, c: Controls) {
        if !self.ship.alive {
            if !self.over && self.ship.respawn > 0.0 {
                self.ship.respawn -= dt;
                if self.ship.respawn <= 0.0 {
                    self.respawn();
                }
            }
            return;
        }
        let s = &mut self.ship;
        s.invuln = (s.invuln - dt).max(0.0);
        s.cooldown = (s.cooldown - dt).max(0.0);
        s.spread = (s.spread - dt).max(0.0);
        if c.turn != 0.0 {
            s.angle = wrap_angle(s.angle + c.turn * 4.6 * dt);
        } else if let Some(target) = c.aim {
            s.angle = turn_toward(s.angle, target, 8.0 * dt);
        }
        let (sin, cos) = s.angle.sin_cos();
        s.thrust = c.thrust.max(0.0).min(1.0);
        s.vx += cos * 250.0 * s.thrust * dt;
        s.vy += sin * 250.0 * s.thrust * dt;
        let drag = if c.brake { 3.5 } else { 0.55 };
        let k = (1.0 - drag * dt).max(0.0);
        s.vx *= k;
        s.vy *= k;
        let speed = len(s.vx, s.vy);
        if speed > 190.0 {
            s.vx *= 190.0 / speed;
            s.vy *= 190.0 / speed;
        }
        s.x += s.vx * dt;
        s.y += s.vy * dt;
        // walls: a soft bounce
        let bumped = bounce(&mut s.x, &mut s.vx, 8.0, W - 8.0) | bounce(&mut s.y, &mut s.vy, 8.0, H - 8.0);
        let (x, y, thrust) = (s.x, s.y, s.thrust);
        if bumped && speed > 60.0 {
            self.sound(Tone::new(140.0).to(90.0).duration(0.05).volume(0.2).wave(Wave::Triangle), 3);
        }
        if thrust > 0.0 {
            // exhaust: two sparks a frame out of the back, hot to cold
            for _ in 0..2 {
                let a = self.ship.angle + PI + self.rng.range_f32(-0.35, 0.35);
                let sp = self.rng.range_f32(60.0, 120.0) * (0.5 + thrust * 0.5);
                let (bx, by) = (x - cos * 8.0, y - sin * 8.0);
                let (svx, svy) = (self.ship.vx, self.ship.vy);
                let life = self.rng.range_f32(0.2, 0.45);
                self.particle(bx, by, svx + a.cos() * sp, svy + a.sin() * sp, life, 2.5, Color::hex(0xfff070), Color::hex(0xd02818), 1.5);
            }
            if self.ship.thrust_frames % 6 == 0 {
                self.sound(Tone::new(160.0).to(90.0).duration(0.1).volume(0.1 + 0.08 * thrust).wave(Wave::Noise).envelope(0.01, 0.04, 0.7, 0.05).pan(pan(x)), 2);
            }
            self.ship.thrust_frames += 1;
        } else {
            self.ship.thrust_frames = 0;
        }
        if c.fire && self.ship.cooldown == 0.0 {
            self.fire();
        }
    }

    fn update_spawns(&mut self, dt: f32) {
        if self.over && !self.demo {
            return;
        }
        let crowd = (8 + 2 * self.wave).min(26) as usize;
        if self.to_spawn > 0 && self.enemies.len() + self.warns.len() < crowd {
            self.spawn_t -= dt;
            if self.spawn_t <= 0.0 {
                let (x, y) = self.edge_point();
                let kind = self.pick_kind();
                self.warns.push(Warn { x, y, t: 0.8, kind });
                self.to_spawn -= 1;
                let base = (1.3 - 0.08 * self.wave as f32).max(0.35);
                self.spawn_t = base * self.rng.range_f32(0.7, 1.3);
                self.sound(Tone::new(220.0).to(330.0).duration(0.06).volume(0.08).wave(Wave::Triangle).pan(pan(x)), 3);
            }
        }
        let mut i = 0;
        while i < self.warns.len() {
            self.warns[i].t -= dt;
            if self.warns[i].t <= 0.0 {
                let w = self.warns.swap_remove(i);
                let a = (self.ship.y - w.y).atan2(self.ship.x - w.x);
                self.spawn_enemy(w.kind, w.x, w.y, a.cos() * 20.0, a.sin() * 20.0);
                self.ring(w.x, w.y, 2.0, 60.0, 0.25, w.kind.colors().0);
            } else {
                i += 1;
            }
        }
    }

    fn update_enemies(&mut self, dt: f32) {
        let wave = self.wave.min(12) as f32;
        // with no ship to chase they sweep the screen, looking for the next one
        let search = self.time * 0.6;
        let (tx, ty) = if self.ship.alive { (self.ship.x, self.ship.y) } else { (W / 2.0 + search.cos() * 110.0, H / 2.0 + (search * 1.3).sin() * 75.0) };
        let reload = (2.8 - 0.1 * wave).max(1.4);
        let mut shots = 0;
        for e in self.enemies.iter_mut() {
            e.age += dt;
            e.flash = (e.flash - dt).max(0.0);
            let (dx, dy) = (tx - e.x, ty - e.y);
            let d = len(dx, dy).max(1.0);
            let (ux, uy) = (dx / d, dy / d);
            match e.kind {
                Kind::Dart => {
                    // accelerates straight at the ship and overshoots
                    e.vx += ux * 160.0 * dt;
                    e.vy += uy * 160.0 * dt;
                    let k = 1.0 - 0.4 * dt;
                    e.vx *= k;
                    e.vy *= k;
                    let max = 150.0 + 6.0 * wave;
                    let sp = len(e.vx, e.vy);
                    if sp > max {
                        e.vx *= max / sp;
                        e.vy *= max / sp;
                    }
                    e.angle = e.vy.atan2(e.vx);
                }
                Kind::Gunner => {
                    // circles the ship at a distance, cannon on it
                    let toward = if d > 125.0 { 1.0 } else if d < 85.0 { -1.0 } else { 0.0 };
                    let speed = 38.0 + 2.0 * wave;
                    let (wx, wy) = ((ux * toward - uy * 0.7) * speed, (uy * toward + ux * 0.7) * speed);
                    let k = (1.5 * dt).min(1.0);
                    e.vx += (wx - e.vx) * k;
                    e.vy += (wy - e.vy) * k;
                    e.angle = turn_toward(e.angle, uy.atan2(ux), 3.0 * dt);
                    e.reload -= dt;
                    let inside = e.x > 0.0 && e.x < W && e.y > 0.0 && e.y < H;
                    if e.reload <= 0.0 && inside && self.ship.alive {
                        e.reload = reload;
                        let (sin, cos) = e.angle.sin_cos();
                        let sp = 85.0 + 4.0 * wave;
                        self.shells.push(Shell { x: e.x + cos * 9.0, y: e.y + sin * 9.0, vx: cos * sp, vy: sin * sp, life: 4.0 });
                        shots += 1;
                    }
                }
                _ => {
                    let (speed, grip) = match e.kind {
                        Kind::Drone => (38.0 + 4.0 * wave, 1.8),
                        Kind::Mini => (70.0 + 4.0 * wave, 2.5),
                        _ => (20.0 + 2.0 * wave, 0.9),
                    };
                    let k = (grip * dt).min(1.0);
                    e.vx += (ux * speed - e.vx) * k;
                    e.vy += (uy * speed - e.vy) * k;
                    e.angle = (e.age * 2.5).sin() * 0.25;
                }
            }
            e.x = (e.x + e.vx * dt).max(-20.0).min(W + 20.0);
            e.y = (e.y + e.vy * dt).max(-20.0).min(H + 20.0);
        }
        if shots > 0 {
            self.sound(Tone::new(700.0).to(260.0).duration(0.12).volume(0.2).wave(Wave::Triangle), 3);
        }
        // keep them from piling into one blob
        let n = self.enemies.len();
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (&self.enemies[i], &self.enemies[j]);
                let min = a.kind.radius() + b.kind.radius();
                let (dx, dy) = (b.x - a.x, b.y - a.y);
                let d = len(dx, dy);
                if d < min && d > 0.001 {
                    let push = (min - d) * 0.5 / d;
                    let (px, py) = (dx * push, dy * push);
                    self.enemies[i].x -= px;
                    self.enemies[i].y -= py;
                    self.enemies[j].x += px;
                    self.enemies[j].y += py;
                }
            }
        }
        // the ship
        if self.ship.alive && self.ship.invuln == 0.0 {
            let (sx, sy) = (self.ship.x, self.ship.y);
            if let Some(i) = self.enemies.iter().position(|e| len(e.x - sx, e.y - sy) < e.kind.radius() + 5.0) {
                self.explode(i, false);
                self.ship_hit();
            }
        }
    }

    fn update_shots(&mut self, dt: f32) {
        for s in self.shells.iter_mut() {
            s.x += s.vx * dt;
            s.y += s.vy * dt;
            s.life -= dt;
        }
        self.shells.retain(|s| s.life > 0.0 && s.x > -6.0 && s.x < W + 6.0 && s.y > -6.0 && s.y < H + 6.0);
        if self.ship.alive && self.ship.invuln == 0.0 {
            let (sx, sy) = (self.ship.x, self.ship.y);
            if let Some(i) = self.shells.iter().position(|s| len(s.x - sx, s.y - sy) < 6.0) {
                let s = self.shells.swap_remove(i);
                self.burst(s.x, s.y, 8, 60.0, (Color::WHITE, Color::hex(0xff4060)), 0.3, 2.0);
                self.ship_hit();
            }
        }
        let mut i = 0;
        while i < self.bullets.len() {
            let b = &mut self.bullets[i];
            b.x += b.vx * dt;
            b.y += b.vy * dt;
            b.life -= dt;
            let (bx, by, bvx, bvy) = (b.x, b.y, b.vx, b.vy);
            let gone = b.life <= 0.0 || bx < -4.0 || bx > W + 4.0 || by < -4.0 || by > H + 4.0;
            if gone {
                self.bullets.swap_remove(i);
                continue;
            }
            let hit = self.enemies.iter().position(|e| len(e.x - bx, e.y - by) < e.kind.radius() + 2.0);
            if let Some(j) = hit {
                self.bullets.swap_remove(i);
                let sp = len(bvx, bvy).max(1.0);
                let e = &mut self.enemies[j];
                e.hp -= 1;
                e.flash = 0.08;
                let knock = if e.kind == Kind::Brute { 25.0 } else { 70.0 };
                e.vx += bvx / sp * knock;
                e.vy += bvy / sp * knock;
                let dead = e.hp <= 0;
                let color = e.kind.colors().0;
                for _ in 0..4 {
                    let a = bvy.atan2(bvx) + PI + self.rng.range_f32(-0.8, 0.8);
                    let s = self.rng.range_f32(40.0, 110.0);
                    self.particle(bx, by, a.cos() * s, a.sin() * s, 0.2, 1.5, Color::WHITE, color, 3.0);
                }
                if dead {
                    self.explode(j, true);
                } else {
                    self.sound(Tone::new(260.0).to(180.0).duration(0.04).volume(0.2).wave(Wave::Square(0.5)).pan(pan(bx)), 3);
                }
                continue;
            }
            i += 1;
        }
    }

    fn update_effects(&mut self, dt: f32) {
        for p in self.particles.iter_mut() {
            p.life -= dt;
            let k = (1.0 - p.drag * dt).max(0.0);
            p.vx *= k;
            p.vy *= k;
            p.x += p.vx * dt;
            p.y += p.vy * dt;
        }
        self.particles.retain(|p| p.life > 0.0);
        if self.particles.len() > MAX_PARTICLES {
            let extra = self.particles.len() - MAX_PARTICLES;
            self.particles.drain(0..extra);
        }
        for r in self.rings.iter_mut() {
            r.life -= dt;
            r.r += r.grow * dt;
        }
        self.rings.retain(|r| r.life > 0.0 && r.r > 0.0);
        for p in self.popups.iter_mut() {
            p.life -= dt;
            p.y -= 18.0 * dt;
        }
        self.popups.retain(|p| p.life > 0.0);
        let mut i = 0;
        while i < self.pickups.len() {
            let p = &mut self.pickups[i];
            p.life -= dt;
            p.x = (p.x + p.vx * dt).max(10.0).min(W - 10.0);
            p.y = (p.y + p.vy * dt).max(10.0).min(H - 10.0);
            let (x, y, power) = (p.x, p.y, p.power);
            let taken = self.ship.alive && len(x - self.ship.x, y - self.ship.y) < 13.0;
            if taken || p.life <= 0.0 {
                self.pickups.swap_remove(i);
            } else {
                i += 1;
            }
            if taken {
                match power {
                    Power::Spread => self.ship.spread = SPREAD_SECONDS,
                    Power::Shield => self.ship.shield = true,
                }
                let text = match power {
                    Power::Spread => "SPREAD",
                    Power::Shield => "SHIELD",
                };
                self.popups.push(Popup { x, y: y - 8.0, text: String::from(text), life: 1.0 });
                self.ring(x, y, 4.0, 80.0, 0.3, power.color());
                self.tune(&[523.25, 783.99, 1046.5, 1568.0], 3, Wave::Square(0.25), 0.22, 6);
            }
        }
    }

    // --- drawing -----------------------------------------------------------

    fn draw(&self, art: &Sheets, frame: u32) {
        let shake = self.shake * self.shake * 6.0;
        if shake > 0.0 {
            let t = frame as f32;
            Transform::translate((t * 12.9898).sin() * shake, (t * 78.233).sin() * shake).apply();
        }
        for w in &self.warns {
            let blink = (w.t * 10.0) as u32 % 2 == 0;
            let c = w.kind.colors().0;
            let r = 4.0 + w.t * 14.0;
            circle_outline(w.x, w.y, r, 1.0, c.with_alpha(if blink { 0xff } else { 0x60 }));
            sdk::rect(w.x - 1.0, w.y - 1.0, 2.0, 2.0, c);
        }
        for p in &self.particles {
            let f = p.life / p.max;
            let s = (p.size * (0.35 + 0.65 * f)).max(1.0);
            let color = p.from.mix(p.to, 1.0 - f).with_alpha((255.0 * (0.3 + 0.7 * f)) as u8);
            sdk::rect(p.x - s / 2.0, p.y - s / 2.0, s, s, color);
        }
        for p in &self.pickups {
            if p.life > 2.0 || (frame / 5) % 2 == 0 {
                let bob = (self.time * 4.0 + p.x).sin() * 1.5;
                art.capsule.sprite(0).at(p.x, p.y + bob).centered().tint(p.power.color()).draw();
                sdk::text_centered(p.power.letter(), p.x, p.y + bob - 4.0, 8.0, Color::hex(0x101820));
            }
        }
        for e in &self.enemies {
            self.draw_enemy(art, e);
        }
        for b in &self.bullets {
            let sp = len(b.vx, b.vy).max(1.0);
            let (ux, uy) = (b.vx / sp, b.vy / sp);
            sdk::line(b.x - ux * 5.0, b.y - uy * 5.0, b.x, b.y, 2.0, Color::hex(0xffb020));
            sdk::rect(b.x - 1.0, b.y - 1.0, 2.0, 2.0, Color::hex(0xfffce0));
        }
        for s in &self.shells {
            let pulse = if (frame / 4) % 2 == 0 { 3.5 } else { 3.0 };
            sdk::circle(s.x, s.y, pulse, Color::hex(0xff4060).with_alpha(0x70));
            sdk::circle(s.x, s.y, 1.8, Color::hex(0xffd0d8));
        }
        self.draw_ship(art, frame);
        for r in &self.rings {
            let f = r.life / r.max;
            if r.filled {
                sdk::circle(r.x, r.y, r.r, r.color.with_alpha((255.0 * f) as u8));
            } else {
                circle_outline(r.x, r.y, r.r, 1.0 + 2.0 * f, r.color.with_alpha((220.0 * f) as u8));
            }
        }
        for p in &self.popups {
            let a = (255.0 * (p.life / 0.8).min(1.0)) as u8;
            sdk::text_centered(&p.text, p.x, p.y - 4.0, 8.0, Color::hex(0xfff070).with_alpha(a));
        }
        Transform::IDENTITY.apply();
    }

    fn draw_enemy(&self, art: &Sheets, e: &Enemy) {
        let (sheet, frame, scale, tint) = match e.kind {
            Kind::Drone => (&art.drone, (e.age * 4.0) as u32 % 2, 1.0, Color::WHITE),
            Kind::Mini => (&art.drone, (e.age * 6.0) as u32 % 2, 0.625, Color::hex(0x90d8ff)),
            Kind::Dart => (&art.dart, 0, 1.0, Color::WHITE),
            Kind::Brute => (&art.brute, 0, 1.5, Color::WHITE),
            Kind::Gunner => (&art.gunner, 0, 1.0, Color::WHITE),
        };
        let flash = e.flash > 0.0;
        let sheet = if flash { &sheet.flash } else { &sheet.normal };
        let fresh = (e.age / 0.25).min(1.0);
        sheet.sprite(frame).at(e.x, e.y).scale(scale * (0.4 + 0.6 * fresh)).centered().rotate(e.angle).tint(tint).draw();
        if !flash && (e.kind == Kind::Drone || e.kind == Kind::Mini) {
            // the pupil looks at the ship
            let (dx, dy) = (self.ship.x - e.x, self.ship.y - e.y);
            let d = len(dx, dy).max(1.0);
            let k = 1.6 * scale;
            sdk::circle(e.x + dx / d * k, e.y + dy / d * k, 1.6 * scale, Color::hex(0x101820));
        }
        if e.kind == Kind::Brute && e.hp < Kind::Brute.hp() {
            // damage pips
            for i in 0..e.hp {
                sdk::rect(e.x - 9.0 + i as f32 * 4.0, e.y + 14.0, 2.0, 2.0, Color::hex(0xff78d8));
            }
        }
    }

    fn draw_ship(&self, art: &Sheets, frame: u32) {
        let s = &self.ship;
        if !s.alive {
            return;
        }
        if s.invuln > 0.0 && (frame / 4) % 2 == 0 {
            circle_outline(s.x, s.y, 11.0, 1.0, Color::hex(0x38c8ff).with_alpha(0x90));
            return;
        }
        let (sin, cos) = s.angle.sin_cos();
        if s.thrust > 0.0 {
            let k = 0.6 + 0.4 * s.thrust;
            art.flame.sprite((frame / 3) % 2).at(s.x - cos * 10.0, s.y - sin * 10.0).scale(k).centered().rotate(s.angle).draw();
        }
        art.ship.sprite(0).at(s.x, s.y).centered().rotate(s.angle).draw();
        if s.shield {
            let pulse = 0.5 + 0.5 * (self.time * 6.0).sin();
            circle_outline(s.x, s.y, 12.0, 1.0, Power::Shield.color().with_alpha((0x80 as f32 + 0x60 as f32 * pulse) as u8));
        }
        if s.invuln > 0.0 {
            circle_outline(s.x, s.y, 11.0, 1.0, Color::hex(0x38c8ff).with_alpha(0x90));
        }
    }
}

// ---------------------------------------------------------------------------
// The game: title (attract demo) → play → game over → play …
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Title,
    Play,
    /// `t`: seconds since the last ship was lost.
    Over { t: f32, new_best: bool },
}

struct Star {
    x: f32,
    y: f32,
    depth: f32,
}

struct Rocket {
    rng: Rng,
    art: Sheets,
    mode: Mode,
    world: World,
    stars: Vec<Star>,
    best: u32,
    best_wave: u32,
    frame: u32,
    /// Aim at the pointer (once it moves; keys or sticks take over again).
    mouse_aim: bool,
    last_pointer: (f32, f32),
}

const START_KEYS: [u32; 2] = [keys::ENTER, keys::SPACE];
const TURN_LEFT: [u32; 2] = [keys::LEFT, keys::A];
const TURN_RIGHT: [u32; 2] = [keys::RIGHT, keys::D];
const THRUST_KEYS: [u32; 2] = [keys::UP, keys::W];
const BRAKE_KEYS: [u32; 2] = [keys::DOWN, keys::S];
const FIRE_KEYS: [u32; 3] = [keys::SPACE, keys::letter(b'Z'), keys::letter(b'X')];

impl Rocket {
    fn start_pressed(&self, input: &Input) -> bool {
        let pad = gamepad(0);
        input.any_pressed(&START_KEYS) || pointer().pressed(0) || pad.pressed(button::A) || pad.pressed(button::START)
    }

    fn new_game(&mut self) {
        // the pointer aims from its next move on, or at once if a click started the game
        let p = pointer();
        self.last_pointer = (p.x, p.y);
        self.mouse_aim = p.pressed(0);
        self.world = World::new(self.rng.next_u32(), false);
        self.mode = Mode::Play;
        sdk::log!("rocket: new game (best {})", self.best);
        Tone::new(440.0).to(1320.0).duration(0.25).volume(0.3).wave(Wave::Square(0.5)).envelope(0.0, 0.1, 0.5, 0.1).play(6);
    }

    fn controls(&mut self, input: &Input) -> Controls {
        let p = pointer();
        let pad = gamepad(0);
        let mut c = Controls::default();
        if (p.x, p.y) != self.last_pointer {
            self.last_pointer = (p.x, p.y);
            self.mouse_aim = true;
        }
        let turn = input.axis(&TURN_LEFT, &TURN_RIGHT) as f32 + pad.held(button::RIGHT) as i32 as f32 - pad.held(button::LEFT) as i32 as f32;
        let (lx, ly, rx, ry) = (pad.axes[0], pad.axes[1], pad.axes[2], pad.axes[3]);
        if turn != 0.0 {
            c.turn = turn.max(-1.0).min(1.0);
            self.mouse_aim = false;
        } else if rx * rx + ry * ry > 0.25 {
            // twin-stick: the right stick aims and fires
            c.aim = Some(ry.atan2(rx));
            c.fire = true;
            self.mouse_aim = false;
        } else if lx * lx + ly * ly > 0.16 {
            c.aim = Some(ly.atan2(lx));
            self.mouse_aim = false;
        } else if self.mouse_aim {
            let s = &self.world.ship;
            if len(p.x - s.x, p.y - s.y) > 6.0 {
                c.aim = Some((p.y - s.y).atan2(p.x - s.x));
            }
        }
        let mut thrust: f32 = 0.0;
        if input.any_held(&THRUST_KEYS) || pad.held(button::A) || pad.held(button::UP) || p.held(2) {
            thrust = 1.0;
        }
        thrust = thrust.max(pad.buttons[button::RT as usize]);
        c.thrust = thrust;
        c.brake = input.any_held(&BRAKE_KEYS) || pad.held(button::DOWN) || pad.held(button::LB);
        c.fire |= input.any_held(&FIRE_KEYS) || p.held(0) || pad.held(button::X) || pad.held(button::B) || pad.held(button::RB);
        c
    }

    fn save_best(&mut self) {
        let mut data = [0u8; 8];
        data[0..4].copy_from_slice(&self.best.to_le_bytes());
        data[4..8].copy_from_slice(&self.best_wave.to_le_bytes());
        Save::write(&data);
    }

    fn update_stars(&mut self, dt: f32) {
        let (vx, vy) = (self.world.ship.vx, self.world.ship.vy);
        for s in self.stars.iter_mut() {
            s.x -= (vx * 0.08 + 4.0) * s.depth * dt;
            s.y -= vy * 0.08 * s.depth * dt;
            if s.x < 0.0 {
                s.x += W;
            } else if s.x >= W {
                s.x -= W;
            }
            if s.y < 0.0 {
                s.y += H;
            } else if s.y >= H {
                s.y -= H;
            }
        }
    }

    fn draw_stars(&self) {
        for (i, s) in self.stars.iter().enumerate() {
            let twinkle = ((self.frame + i as u32 * 17) % 90) < 6;
            let v = (60.0 + 150.0 * s.depth) as u8;
            let c = if twinkle { Color::rgb(255, 255, 255) } else { Color::rgb(v / 2 + 20, v / 2 + 30, v) };
            let size = if s.depth > 0.85 { 2.0 } else { 1.0 };
            sdk::rect(s.x.floor(), s.y.floor(), size, size, c);
        }
    }

    fn draw_hud(&self) {
        let w = &self.world;
        let score = format!("{:06}", w.score);
        sdk::text("SCORE", 6.0, 4.0, 7.0, Color::hex(0x8090b0));
        sdk::text(&score, 6.0, 12.0, 10.0, Color::WHITE);
        if w.multiplier() > 1 {
            sdk::text(&format!("x{}", w.multiplier()), 46.0, 12.0, 10.0, Color::hex(0xfff070));
        }
        let best = format!("{:06}", self.best.max(w.score));
        sdk::text("BEST", W - 6.0 - sdk::text_width(&best, 10.0), 4.0, 7.0, Color::hex(0x8090b0));
        sdk::text(&best, W - 6.0 - sdk::text_width(&best, 10.0), 12.0, 10.0, Color::hex(0xfff070));
        sdk::text_centered(&format!("WAVE {}", w.wave), W / 2.0, 5.0, 8.0, Color::hex(0x8090b0));
        for i in 0..w.lives.saturating_sub(if w.ship.alive || w.over { 1 } else { 0 }) {
            self.art.ship.sprite(0).at(12.0 + i as f32 * 13.0, H - 10.0).scale(0.75).centered().rotate(-PI / 2.0).draw();
        }
        if w.ship.spread > 0.0 {
            let f = w.ship.spread / SPREAD_SECONDS;
            sdk::text("3", W / 2.0 - 26.0, H - 13.0, 8.0, Power::Spread.color());
            sdk::rect(W / 2.0 - 20.0, H - 10.0, 50.0, 3.0, Color::hex(0x303848));
            sdk::rect(W / 2.0 - 20.0, H - 10.0, 50.0 * f, 3.0, Power::Spread.color());
        }
        if w.banner > 0.0 {
            let a = (w.banner.min(0.4) / 0.4 * 255.0) as u8;
            sdk::text_centered(&format!("WAVE {}", w.wave), W / 2.0, 78.0, 20.0, Color::WHITE.with_alpha(a));
            if w.clear_bonus > 0 {
                sdk::text_centered(&format!("CLEARED  +{}", w.clear_bonus), W / 2.0, 102.0, 8.0, Color::hex(0xfff070).with_alpha(a));
            }
        }
    }

    fn panel(&self, y: f32, h: f32) {
        sdk::rect(0.0, y, W, h, Color::rgba(4, 6, 16, 0xb0));
        sdk::rect(0.0, y, W, 1.0, Color::hex(0x38c8ff).with_alpha(0x80));
        sdk::rect(0.0, y + h - 1.0, W, 1.0, Color::hex(0x38c8ff).with_alpha(0x80));
    }

    fn blink(&self) -> bool {
        (self.frame / 30) % 2 == 0
    }

    fn draw_title(&self) {
        // the title card and the demo take turns, like an arcade cabinet's attract mode
        if (self.frame / TITLE_CARD_FRAMES) % 2 == 1 {
            sdk::text_centered(&format!("HIGH SCORE {:06}", self.best), W / 2.0, 6.0, 8.0, Color::hex(0xfff070));
            sdk::text("DEMO", 6.0, 6.0, 8.0, Color::hex(0x8090b0));
            if self.blink() {
                self.panel(H - 30.0, 20.0);
                sdk::text_centered("PRESS ENTER, CLICK OR A TO START", W / 2.0, H - 25.0, 9.0, Color::WHITE);
            }
            return;
        }
        self.panel(34.0, 172.0);
        // the title, with a drop shadow and a slow colour wave
        let t = self.frame as f32 / 60.0;
        let letters = ['R', 'O', 'C', 'K', 'E', 'T'];
        let size = 34.0;
        let x0 = W / 2.0 - sdk::text_width("ROCKET", size) / 2.0;
        for (i, ch) in letters.iter().enumerate() {
            let s = ch.to_string();
            let x = x0 + i as f32 * size * sdk::TEXT_ADVANCE;
            let y = 44.0 + (t * 3.0 + i as f32 * 0.7).sin() * 2.0;
            let hue = 0.5 + 0.5 * (t * 1.5 + i as f32 * 0.5).sin();
            sdk::text(&s, x + 2.0, y + 2.0, size, Color::hex(0x1a2444));
            sdk::text(&s, x, y, size, Color::hex(0x38c8ff).mix(Color::hex(0xfff070), hue));
        }
        let ship_x = W / 2.0 + (t * 1.1).sin() * 90.0;
        let ang = if (t * 1.1).cos() >= 0.0 { 0.0 } else { PI };
        self.art.flame.sprite((self.frame / 3) % 2).at(ship_x - ang.cos() * 10.0, 88.0).centered().rotate(ang).draw();
        self.art.ship.sprite(0).at(ship_x, 88.0).centered().rotate(ang).draw();
        let high = if self.best_wave > 0 { format!("HIGH SCORE {:06}  WAVE {}", self.best, self.best_wave) } else { format!("HIGH SCORE {:06}", self.best) };
        sdk::text_centered(&high, W / 2.0, 104.0, 10.0, Color::hex(0xfff070));
        let dim = Color::hex(0x9aa8c8);
        sdk::text_centered("KEYS   \u{2190} \u{2192} turn   \u{2191} thrust   \u{2193} brake   SPACE fire", W / 2.0, 126.0, 7.0, dim);
        sdk::text_centered("MOUSE  aim   left button fire   right button thrust", W / 2.0, 138.0, 7.0, dim);
        sdk::text_centered("PAD    stick aim   A thrust   X fire   right stick shoots", W / 2.0, 150.0, 7.0, dim);
        // who is who, and what each is worth
        let y = 170.0;
        let art = &self.art;
        let legend: [(&SpriteSheet, f32, Color, &str); 5] = [
            (&art.drone.normal, 1.0, Color::WHITE, "10"),
            (&art.dart.normal, 1.0, Color::WHITE, "25"),
            (&art.gunner.normal, 1.0, Color::WHITE, "40"),
            (&art.brute.normal, 1.5, Color::WHITE, "60"),
            (&art.drone.normal, 0.625, Color::hex(0x90d8ff), "5"),
        ];
        for (i, (sheet, scale, tint, points)) in legend.iter().enumerate() {
            let x = 52.0 + i as f32 * 54.0;
            sheet.sprite(0).at(x, y).scale(*scale).centered().tint(*tint).draw();
            if i == 0 || i == 4 {
                sdk::circle(x, y, 1.6 * scale, Color::hex(0x101820));
            }
            sdk::text(points, x + 8.0 * scale + 3.0, y - 4.0, 8.0, Color::WHITE);
        }
        if self.blink() {
            sdk::text_centered("PRESS ENTER, CLICK OR A TO START", W / 2.0, 188.0, 9.0, Color::WHITE);
        }
    }

    fn draw_over(&self, t: f32, new_best: bool) {
        let a = (t / 0.5).min(1.0);
        let alpha = (255.0 * a) as u8;
        self.panel(70.0, 100.0);
        sdk::text_centered("GAME OVER", W / 2.0 + 2.0, 80.0 + 2.0, 28.0, Color::hex(0x401018).with_alpha(alpha));
        sdk::text_centered("GAME OVER", W / 2.0, 80.0, 28.0, Color::hex(0xff5a4a).with_alpha(alpha));
        let w = &self.world;
        sdk::text_centered(&format!("SCORE {}   WAVE {}", w.score, w.wave), W / 2.0, 116.0, 10.0, Color::WHITE.with_alpha(alpha));
        if new_best {
            if self.blink() {
                sdk::text_centered("\u{2605} NEW HIGH SCORE \u{2605}", W / 2.0, 132.0, 10.0, Color::hex(0xfff070));
            }
        } else {
            sdk::text_centered(&format!("HIGH SCORE {}", self.best), W / 2.0, 132.0, 10.0, Color::hex(0xfff070).with_alpha(alpha));
        }
        if t >= RESTART_DELAY && self.blink() {
            sdk::text_centered("ENTER, CLICK OR A TO PLAY AGAIN", W / 2.0, 152.0, 8.0, Color::hex(0x9aa8c8));
        }
    }
}

/// Frames the title card shows before the demo has the screen (and back).
const TITLE_CARD_FRAMES: u32 = 600;
/// Seconds after game over before a press restarts (so a held fire button does not).
const RESTART_DELAY: f32 = 1.2;
/// Seconds on the game-over screen before the title (and its demo) returns.
const BACK_TO_TITLE: f32 = 25.0;

impl Game for Rocket {
    fn new(_width: u32, _height: u32, seed: u32) -> Self {
        let save = Save::read();
        let word = |i: usize| save.get(i..i + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let (best, best_wave) = (word(0), word(4));
        sdk::log!("rocket: seed {}, best {}", seed, best);
        let mut rng = Rng::new(seed);
        let stars = (0..70).map(|_| Star { x: rng.range_f32(0.0, W), y: rng.range_f32(0.0, H), depth: rng.range_f32(0.2, 1.0) }).collect();
        let world = World::new(rng.next_u32(), true);
        Rocket { rng, art: Sheets::new(), mode: Mode::Title, world, stars, best, best_wave, frame: 0, mouse_aim: false, last_pointer: (0.0, 0.0) }
    }

    fn update(&mut self, dt: f32, input: &Input) {
        self.frame += 1;
        match self.mode {
            Mode::Title => {
                if self.start_pressed(input) {
                    self.new_game();
                } else {
                    self.world.update(dt, None);
                    if self.world.over && !self.world.ship.alive && self.world.particles.is_empty() {
                        // the demo ship was lost: fly again
                        self.world = World::new(self.rng.next_u32(), true);
                    }
                }
            }
            Mode::Play => {
                let c = self.controls(input);
                self.world.update(dt, Some(c));
                if self.world.over {
                    let score = self.world.score;
                    let new_best = score > self.best;
                    if new_best {
                        self.best = score;
                        self.world.tune(&[523.25, 659.25, 783.99, 1046.5, 783.99, 1046.5], 7, Wave::Square(0.25), 0.3, 7);
                    }
                    if new_best || self.world.wave > self.best_wave {
                        self.best_wave = self.best_wave.max(self.world.wave);
                        self.save_best();
                    }
                    sdk::log!("rocket: game over, score {}, wave {} (best {})", score, self.world.wave, self.best);
                    self.mode = Mode::Over { t: 0.0, new_best };
                }
            }
            Mode::Over { t, new_best } => {
                self.world.update(dt, None);
                if t >= RESTART_DELAY && self.start_pressed(input) {
                    self.new_game();
                } else if t >= BACK_TO_TITLE {
                    self.world = World::new(self.rng.next_u32(), true);
                    self.mode = Mode::Title;
                } else {
                    self.mode = Mode::Over { t: t + dt, new_best };
                }
            }
        }
        self.update_stars(dt);
    }

    fn draw(&self) {
        sdk::clear(Color::hex(0x070b18));
        self.draw_stars();
        self.world.draw(&self.art, self.frame);
        match self.mode {
            Mode::Title => self.draw_title(),
            Mode::Play => {
                self.draw_hud();
                if self.mouse_aim && self.world.ship.alive {
                    // a crosshair where the ship aims
                    let p = pointer();
                    let c = Color::hex(0x38c8ff).with_alpha(0xb0);
                    sdk::rect(p.x - 5.0, p.y, 3.0, 1.0, c);
                    sdk::rect(p.x + 3.0, p.y, 3.0, 1.0, c);
                    sdk::rect(p.x, p.y - 5.0, 1.0, 3.0, c);
                    sdk::rect(p.x, p.y + 3.0, 1.0, 3.0, c);
                }
            }
            Mode::Over { t, new_best } => {
                self.draw_hud();
                self.draw_over(t, new_best);
            }
        }
    }
}
