//! Breakout for Wasm Arcade.
//!
//! Controls: Left/Right arrows or A/D, the mouse (the paddle follows the
//! pointer) or a gamepad (d-pad or left stick) move the paddle; Space, Enter,
//! Up, a click or gamepad A launches the ball; P, Escape or gamepad Start
//! pauses. Clear every brick to reach the next level (faster ball, narrower
//! paddle); lose all lives and it is game over.
//!
//! ABI v2: every bounce, brick, lost ball and level has a synthesised sound
//! (silent in the title's demo), and the high score is kept in the save data
//! (a little-endian u32 at offset 0, declared as `score` so the game library
//! shows it).
//!
//! Everything random (serve angle, particles) comes from one [`Rng`] seeded
//! by `init`, and all motion uses the fixed `dt`, so the same seed and the
//! same input events per frame always give the same draw calls.

use arcade_sdk::v2::{button, gamepad, pointer, Save, Tone, Wave};
use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};

sdk::game_meta! {
    abi: 2,
    title: "Breakout",
    width: 320,
    height: 240,
    author: "Wasm Arcade",
    description: "Paddle, ball, bricks. Clear the wall to go faster.",
    id: "wasm-arcade.breakout",
    // only shapes and text: fill the window (as on ABI v1) rather than whole-number scaling
    scaling: "smooth",
    score: "u32le@0",
}

sdk::export_game_v2!(Breakout);

// ---------------------------------------------------------------------------
// Layout (logical pixels)
// ---------------------------------------------------------------------------

const W: f32 = 320.0;
const H: f32 = 240.0;
const HUD_H: f32 = 16.0;
const WALL: f32 = 4.0;
/// Inner edges of the play field.
const XMIN: f32 = WALL;
const XMAX: f32 = W - WALL;
const YMIN: f32 = HUD_H + WALL;

const COLS: usize = 10;
const ROWS: usize = 6;
const BRICK_W: f32 = 29.0;
const BRICK_H: f32 = 9.0;
const BRICK_GAP: f32 = 2.0;
const BRICKS_X: f32 = XMIN + 2.0;
const BRICKS_Y: f32 = 40.0;

const PADDLE_Y: f32 = 222.0;
const PADDLE_H: f32 = 6.0;
const PADDLE_SPEED: f32 = 300.0;

const BALL_R: f32 = 3.0;
const BASE_SPEED: f32 = 150.0;
const MAX_SPEED: f32 = 340.0;
/// Largest bounce off the paddle's edge: tan(60°), measured from vertical.
const MAX_BOUNCE_SLOPE: f32 = 1.732;

/// Points for clearing a level, times the level number.
const LEVEL_BONUS: u32 = 50;
const START_LIVES: u32 = 3;
const MAX_LIVES: u32 = 5;
/// An extra ball every this many points.
const EXTRA_BALL_EVERY: u32 = 1000;
const TRAIL: usize = 6;

/// Row colours, top to bottom, and the points each row is worth.
const ROW_COLORS: [Color; ROWS] = [
    Color::hex(0xE04848),
    Color::hex(0xE08A38),
    Color::hex(0xD8C840),
    Color::hex(0x58C050),
    Color::hex(0x40A0E0),
    Color::hex(0x8868D8),
];
const ROW_POINTS: [u32; ROWS] = [7, 6, 5, 4, 3, 2];
const STEEL: Color = Color::hex(0xB8C0CC);

const BG: Color = Color::hex(0x10141F);
const WALL_COLOR: Color = Color::hex(0x3A4458);
const TEXT_COLOR: Color = Color::hex(0xE8ECF4);
const DIM_TEXT: Color = Color::hex(0x8890A0);
const PADDLE_COLOR: Color = Color::hex(0xE8ECF4);
const BALL_COLOR: Color = Color::WHITE;

const START_KEYS: [u32; 2] = [keys::ENTER, keys::SPACE];
const LAUNCH_KEYS: [u32; 3] = [keys::SPACE, keys::ENTER, keys::UP];
const LEFT_KEYS: [u32; 2] = [keys::LEFT, keys::A];
const RIGHT_KEYS: [u32; 2] = [keys::RIGHT, keys::D];
const PAUSE_KEYS: [u32; 2] = [keys::P, keys::ESCAPE];

// ---------------------------------------------------------------------------
// Sound
// ---------------------------------------------------------------------------

/// Sound channels, one per kind of sound so they don't cut each other off.
const CH_WALL: u32 = 0;
const CH_PADDLE: u32 = 1;
const CH_BRICK: u32 = 2;
const CH_SERVE: u32 = 3;
const CH_LOST: u32 = 4;
const CH_JINGLE: u32 = 5;
const CH_BASS: u32 = 6;
const CH_UI: u32 = 7;

/// Tones to start on later frames (jingles), counted in updates so replays are exact.
struct Jingles {
    frame: u32,
    notes: Vec<(u32, u32, Tone)>,
}

impl Jingles {
    fn after(&mut self, frames: u32, channel: u32, tone: Tone) {
        self.notes.push((self.frame + frames, channel, tone));
    }

    /// Notes `gap` frames apart, the last one held longer.
    fn tune(&mut self, freqs: &[f32], gap: u32, wave: Wave) {
        for (k, &f) in freqs.iter().enumerate() {
            let last = k + 1 == freqs.len();
            let tone = Tone::new(f).duration(if last { 0.3 } else { 0.08 }).volume(0.22).wave(wave).envelope(0.003, 0.05, 0.6, if last { 0.3 } else { 0.04 });
            self.after(k as u32 * gap, CH_JINGLE, tone);
        }
    }

    fn tick(&mut self) {
        let now = self.frame;
        for &(at, channel, tone) in self.notes.iter() {
            if at <= now {
                tone.play(channel);
            }
        }
        self.notes.retain(|n| n.0 > now);
        self.frame += 1;
    }
}

/// The paddle's ping rises the further from its centre the ball lands.
fn snd_paddle(offset: f32) {
    Tone::new(330.0 + 140.0 * offset.abs()).duration(0.04).volume(0.25).wave(Wave::Square(0.25)).envelope(0.002, 0.03, 0.5, 0.05).play(CH_PADDLE);
}
/// A brick: higher rows ring higher, and each brick since the paddle a semitone above the last.
fn snd_brick(row: usize, combo: u32) {
    let f = (880.0 - 80.0 * row as f32) * (1.0594631f32).powi(combo.min(12) as i32);
    Tone::new(f).duration(0.045).volume(0.22).wave(Wave::Square(0.5)).envelope(0.002, 0.03, 0.4, 0.06).play(CH_BRICK);
}
fn snd_steel() {
    Tone::new(1500.0).to(1150.0).duration(0.06).volume(0.2).wave(Wave::Triangle).envelope(0.001, 0.04, 0.5, 0.1).play(CH_BRICK);
}
fn snd_wall() {
    Tone::new(220.0).duration(0.02).volume(0.12).wave(Wave::Triangle).envelope(0.001, 0.02, 0.3, 0.03).play(CH_WALL);
}
fn snd_serve() {
    Tone::new(520.0).to(780.0).duration(0.06).volume(0.2).wave(Wave::Square(0.25)).play(CH_SERVE);
}
fn snd_lost() {
    Tone::new(440.0).to(70.0).duration(0.45).volume(0.3).wave(Wave::Sawtooth).envelope(0.005, 0.1, 0.7, 0.2).play(CH_LOST);
}
fn snd_ui() {
    Tone::new(660.0).duration(0.03).volume(0.15).wave(Wave::Square(0.25)).play(CH_UI);
}

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

/// What the game is doing; each mode decides which inputs matter.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    /// Title screen over a self-playing demo.
    Title,
    /// Ball resting on the paddle, waiting for launch.
    Serve,
    /// Ball in play.
    Playing,
    /// All bricks gone; banner, then the next level.
    LevelClear { t: f32 },
    /// Ball lost; short pause before the next serve.
    LifeLost { t: f32 },
    /// No lives left; restart with Enter/Space after a short delay.
    GameOver { t: f32 },
}

#[derive(Clone, Copy)]
struct Brick {
    x: f32,
    y: f32,
    /// Hits left; 0 = gone.
    hits: u8,
    row: u8,
}

#[derive(Clone, Copy)]
struct Particle {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    life: f32,
    color: Color,
}

struct Ball {
    x: f32,
    y: f32,
    /// Unit direction.
    dx: f32,
    dy: f32,
    speed: f32,
    trail: [(f32, f32); TRAIL],
}

/// One playfield: paddle, ball, bricks, particles and the running score.
struct World {
    level: u32,
    score: u32,
    lives: u32,
    paddle_x: f32,
    paddle_w: f32,
    paddle_flash: f32,
    ball: Ball,
    bricks: Vec<Brick>,
    particles: Vec<Particle>,
    /// Self-playing (title screen demo): no score, no lives lost.
    demo: bool,
    /// Time spent in Serve (the demo launches by itself).
    serve_t: f32,
    /// Score at which the next extra ball is awarded.
    next_extra: u32,
    /// Seconds left to show "EXTRA BALL".
    extra_flash: f32,
    /// Bricks broken since the ball last touched the paddle (raises their pitch).
    combo: u32,
}

/// What happened during one ball step.
#[derive(PartialEq)]
enum BallEvent {
    None,
    Lost,
    Cleared,
}

/// One frame's input from the keyboard, the mouse and the gamepads.
struct Controls {
    /// Paddle movement, -1 (left) to +1 (right).
    dir: f32,
    /// Where the pointer wants the paddle's centre (once the mouse moved).
    target: Option<f32>,
    start: bool,
    launch: bool,
    pause: bool,
}

struct Breakout {
    rng: Rng,
    mode: Mode,
    paused: bool,
    world: World,
    /// The high score: from the save data, raised at the end of a better game.
    best: u32,
    /// The high score before this game (to say "new high score").
    best_before: u32,
    /// Seconds since start, for blinking text (fixed dt, so deterministic).
    clock: f32,
    jingles: Jingles,
    /// The paddle follows the pointer (after the mouse moves; keys or a pad take over again).
    pointer_mode: bool,
    last_pointer: (f32, f32),
}

// ---------------------------------------------------------------------------
// World
// ---------------------------------------------------------------------------

fn level_speed(level: u32) -> f32 {
    let mut s = BASE_SPEED;
    for _ in 1..level {
        s *= 1.12;
    }
    s.min(MAX_SPEED - 40.0)
}

fn paddle_width(level: u32) -> f32 {
    (48.0 - 3.0 * (level as f32 - 1.0)).max(30.0)
}

/// Brick layout for a level: patterns cycle; from level 3 the top row is steel (2 hits).
fn build_bricks(level: u32) -> Vec<Brick> {
    let mut bricks = Vec::with_capacity(COLS * ROWS);
    let pattern = (level - 1) % 4;
    for row in 0..ROWS {
        for col in 0..COLS {
            let present = match pattern {
                0 => true,
                // Checkerboard.
                1 => (row + col) % 2 == 0 || row == 0,
                // Pyramid: narrower towards the top.
                2 => {
                    let c = col as i32 * 2 - (COLS as i32 - 1);
                    c.abs() <= (row as i32 + 1) * 2 + 1
                }
                // Columns with gaps.
                _ => col % 3 != 1,
            };
            if present {
                let hits = if level >= 3 && row == 0 { 2 } else { 1 };
                bricks.push(Brick {
                    x: BRICKS_X + col as f32 * (BRICK_W + BRICK_GAP),
                    y: BRICKS_Y + row as f32 * (BRICK_H + BRICK_GAP),
                    hits,
                    row: row as u8,
                });
            }
        }
    }
    bricks
}

/// Axis-aligned overlap of the ball (as a square of side 2r) with a rectangle.
fn overlaps(bx: f32, by: f32, x: f32, y: f32, w: f32, h: f32) -> bool {
    bx + BALL_R > x && bx - BALL_R < x + w && by + BALL_R > y && by - BALL_R < y + h
}

fn normalize(x: f32, y: f32) -> (f32, f32) {
    let len = (x * x + y * y).sqrt();
    (x / len, y / len)
}

impl World {
    fn new(level: u32, demo: bool) -> World {
        let paddle_w = paddle_width(level);
        let mut w = World {
            level,
            score: 0,
            lives: START_LIVES,
            paddle_x: (W - paddle_w) * 0.5,
            paddle_w,
            paddle_flash: 0.0,
            ball: Ball { x: 0.0, y: 0.0, dx: 0.0, dy: -1.0, speed: level_speed(level), trail: [(0.0, 0.0); TRAIL] },
            bricks: build_bricks(level),
            particles: Vec::new(),
            demo,
            serve_t: 0.0,
            next_extra: EXTRA_BALL_EVERY,
            extra_flash: 0.0,
            combo: 0,
        };
        w.reset_ball();
        w
    }

    fn next_level(&mut self) {
        self.level += 1;
        self.paddle_w = paddle_width(self.level);
        self.paddle_x = (W - self.paddle_w) * 0.5;
        self.bricks = build_bricks(self.level);
        self.reset_ball();
    }

    /// Puts the ball on the paddle, ready to serve.
    fn reset_ball(&mut self) {
        self.ball.speed = level_speed(self.level);
        self.serve_t = 0.0;
        self.stick_ball();
        let (x, y) = (self.ball.x, self.ball.y);
        self.ball.trail = [(x, y); TRAIL];
    }

    fn stick_ball(&mut self) {
        self.ball.x = self.paddle_x + self.paddle_w * 0.5;
        self.ball.y = PADDLE_Y - BALL_R - 0.5;
    }

    fn launch(&mut self, rng: &mut Rng) {
        // Up and a little to one side, at most ~27° from vertical.
        let side = rng.range_f32(0.15, 0.5);
        let side = if rng.chance(0.5) { -side } else { side };
        let (dx, dy) = normalize(side, -1.0);
        self.ball.dx = dx;
        self.ball.dy = dy;
    }

    fn add_score(&mut self, points: u32) {
        self.score += points;
        while self.score >= self.next_extra {
            self.next_extra += EXTRA_BALL_EVERY;
            if self.lives < MAX_LIVES {
                self.lives += 1;
                self.extra_flash = 1.5;
                Tone::new(660.0).to(1320.0).duration(0.25).volume(0.22).wave(Wave::Square(0.25)).play(CH_BASS);
                sdk::log!("breakout: extra ball at {} points", self.score);
            }
        }
    }

    fn bricks_left(&self) -> bool {
        self.bricks.iter().any(|b| b.hits > 0)
    }

    /// Moves the paddle by `dir` (-1 to +1) for one tick.
    fn move_paddle(&mut self, dir: f32, dt: f32) {
        self.paddle_x = (self.paddle_x + dir * PADDLE_SPEED * dt).max(XMIN).min(XMAX - self.paddle_w);
    }

    /// Centres the paddle under `x` (the mouse pointer), as far as the walls allow.
    fn paddle_to(&mut self, x: f32) {
        self.paddle_x = (x - self.paddle_w * 0.5).max(XMIN).min(XMAX - self.paddle_w);
    }

    /// Demo player: follows the ball, aiming a little off-centre for angles.
    fn autopilot(&self) -> f32 {
        let target = if self.ball.dy > 0.0 { self.ball.x + self.ball.dx * 6.0 } else { W * 0.5 };
        let centre = self.paddle_x + self.paddle_w * 0.5 + self.paddle_w * 0.2;
        let d = target - centre;
        if d > 3.0 {
            1.0
        } else if d < -3.0 {
            -1.0
        } else {
            0.0
        }
    }

    fn hit_brick(&mut self, i: usize, rng: &mut Rng) {
        let b = &mut self.bricks[i];
        b.hits -= 1;
        let (bx, by, row, gone) = (b.x, b.y, b.row as usize, b.hits == 0);
        if !self.demo {
            if gone {
                snd_brick(row, self.combo);
                self.combo += 1;
            } else {
                snd_steel();
            }
        }
        if gone {
            if !self.demo {
                self.add_score(ROW_POINTS[row] * (1 + (self.level - 1) / 2));
            }
            // A little faster with every brick, up to the cap.
            self.ball.speed = (self.ball.speed + 1.5).min(MAX_SPEED);
            for _ in 0..8 {
                if self.particles.len() >= 160 {
                    break;
                }
                self.particles.push(Particle {
                    x: bx + rng.range_f32(0.0, BRICK_W),
                    y: by + rng.range_f32(0.0, BRICK_H),
                    vx: rng.range_f32(-60.0, 60.0),
                    vy: rng.range_f32(-80.0, 20.0),
                    life: rng.range_f32(0.3, 0.7),
                    color: ROW_COLORS[row],
                });
            }
        }
    }

    /// First live brick the ball overlaps (lowest index, so it is deterministic).
    fn brick_at(&self, x: f32, y: f32) -> Option<usize> {
        self.bricks.iter().position(|b| b.hits > 0 && overlaps(x, y, b.x, b.y, BRICK_W, BRICK_H))
    }

    /// Advances the ball in sub-steps of at most 2 px, resolving x then y
    /// each sub-step so it never tunnels through a brick or the paddle.
    fn step_ball(&mut self, dt: f32, rng: &mut Rng) -> BallEvent {
        let dist = self.ball.speed * dt;
        let steps = ((dist / 2.0) as u32 + 1).min(16);
        let sub = dist / steps as f32;
        for _ in 0..steps {
            // Horizontal.
            self.ball.x += self.ball.dx * sub;
            if self.ball.x - BALL_R < XMIN {
                self.ball.x = XMIN + BALL_R;
                self.ball.dx = self.ball.dx.abs();
                self.wall_sound();
            } else if self.ball.x + BALL_R > XMAX {
                self.ball.x = XMAX - BALL_R;
                self.ball.dx = -self.ball.dx.abs();
                self.wall_sound();
            }
            if let Some(i) = self.brick_at(self.ball.x, self.ball.y) {
                let b = self.bricks[i];
                if self.ball.dx > 0.0 {
                    self.ball.x = b.x - BALL_R;
                } else {
                    self.ball.x = b.x + BRICK_W + BALL_R;
                }
                self.ball.dx = -self.ball.dx;
                self.hit_brick(i, rng);
            }

            // Vertical.
            self.ball.y += self.ball.dy * sub;
            if self.ball.y - BALL_R < YMIN {
                self.ball.y = YMIN + BALL_R;
                self.ball.dy = self.ball.dy.abs();
                self.wall_sound();
            }
            if let Some(i) = self.brick_at(self.ball.x, self.ball.y) {
                let b = self.bricks[i];
                if self.ball.dy > 0.0 {
                    self.ball.y = b.y - BALL_R;
                } else {
                    self.ball.y = b.y + BRICK_H + BALL_R;
                }
                self.ball.dy = -self.ball.dy;
                self.hit_brick(i, rng);
            }

            // Paddle: only from above, and only while the ball's centre is
            // above the paddle's middle (a ball already past it is lost).
            if self.ball.dy > 0.0
                && self.ball.y <= PADDLE_Y + PADDLE_H * 0.5
                && overlaps(self.ball.x, self.ball.y, self.paddle_x, PADDLE_Y, self.paddle_w, PADDLE_H)
            {
                // Where it hit: -1 (left edge) .. +1 (right edge) sets the angle.
                let offset = ((self.ball.x - (self.paddle_x + self.paddle_w * 0.5)) / (self.paddle_w * 0.5 + BALL_R))
                    .max(-1.0)
                    .min(1.0);
                let (dx, dy) = normalize(offset * MAX_BOUNCE_SLOPE, -1.0);
                self.ball.dx = dx;
                self.ball.dy = dy;
                self.ball.y = PADDLE_Y - BALL_R;
                self.paddle_flash = 0.12;
                self.combo = 0;
                if !self.demo {
                    snd_paddle(offset);
                }
            }

            if self.ball.y - BALL_R > H {
                return BallEvent::Lost;
            }
        }
        if !self.bricks_left() {
            return BallEvent::Cleared;
        }
        BallEvent::None
    }

    fn wall_sound(&self) {
        if !self.demo {
            snd_wall();
        }
    }

    fn update_effects(&mut self, dt: f32) {
        self.paddle_flash = (self.paddle_flash - dt).max(0.0);
        self.extra_flash = (self.extra_flash - dt).max(0.0);
        for p in self.particles.iter_mut() {
            p.x += p.vx * dt;
            p.y += p.vy * dt;
            p.vy += 300.0 * dt;
            p.life -= dt;
        }
        self.particles.retain(|p| p.life > 0.0);
    }

    fn push_trail(&mut self) {
        self.ball.trail.rotate_right(1);
        self.ball.trail[0] = (self.ball.x, self.ball.y);
    }

    // -- drawing -----------------------------------------------------------

    fn draw(&self, show_ball: bool) {
        // Walls.
        sdk::rect(0.0, HUD_H, W, WALL, WALL_COLOR);
        sdk::rect(0.0, HUD_H, WALL, H - HUD_H, WALL_COLOR);
        sdk::rect(XMAX, HUD_H, WALL, H - HUD_H, WALL_COLOR);

        // Bricks: body, darker bottom edge, lighter top edge.
        for b in self.bricks.iter().filter(|b| b.hits > 0) {
            let base = if b.row == 0 && self.level >= 3 {
                if b.hits >= 2 {
                    STEEL
                } else {
                    STEEL.scale(0.7)
                }
            } else {
                ROW_COLORS[b.row as usize]
            };
            sdk::rect(b.x, b.y, BRICK_W, BRICK_H, base.scale(0.65));
            sdk::rect(b.x, b.y, BRICK_W, BRICK_H - 2.0, base);
            sdk::rect(b.x + 1.0, b.y + 1.0, BRICK_W - 2.0, 1.0, base.mix(Color::WHITE, 0.35));
        }

        for p in &self.particles {
            let a = (p.life / 0.7 * 255.0).min(255.0) as u8;
            sdk::rect(p.x - 1.0, p.y - 1.0, 2.0, 2.0, p.color.with_alpha(a));
        }

        // Paddle.
        let pc = if self.paddle_flash > 0.0 { Color::hex(0xFFF2A0) } else { PADDLE_COLOR };
        sdk::rect(self.paddle_x, PADDLE_Y, self.paddle_w, PADDLE_H, pc.scale(0.7));
        sdk::rect(self.paddle_x, PADDLE_Y, self.paddle_w, PADDLE_H - 2.0, pc);

        // Ball with a fading trail.
        if show_ball {
            for (i, &(x, y)) in self.ball.trail.iter().enumerate().skip(1) {
                let a = (90 - i * 14) as u8;
                sdk::circle(x, y, BALL_R * (1.0 - i as f32 * 0.1), BALL_COLOR.with_alpha(a));
            }
            sdk::circle(self.ball.x, self.ball.y, BALL_R, BALL_COLOR);
        }
    }
}

// ---------------------------------------------------------------------------
// Game
// ---------------------------------------------------------------------------

impl Breakout {
    fn start_game(&mut self) {
        self.world = World::new(1, false);
        self.mode = Mode::Serve;
        self.paused = false;
        self.best_before = self.best;
        snd_ui();
        sdk::log("breakout: new game");
    }

    /// Keeps a better score in the save data at once (so it survives quitting mid-game).
    fn keep_best(&mut self) {
        if self.world.score > self.best {
            self.best = self.world.score;
            Save::write(&self.best.to_le_bytes());
        }
    }

    fn end_game(&mut self) {
        self.keep_best();
        self.mode = Mode::GameOver { t: 0.0 };
        if self.world.score > self.best_before {
            self.jingles.tune(&[523.25, 659.25, 783.99, 1046.5, 783.99, 1046.5], 7, Wave::Square(0.25));
            sdk::log!("breakout: game over, score {} (level {}), a new high score", self.world.score, self.world.level);
        } else {
            self.jingles.tune(&[392.0, 329.63, 261.63, 196.0], 10, Wave::Triangle);
            sdk::log!("breakout: game over, score {} (level {}; high score {})", self.world.score, self.world.level, self.best);
        }
    }

    fn read_controls(&mut self, input: &Input) -> Controls {
        let mut dir = input.axis(&LEFT_KEYS, &RIGHT_KEYS) as f32;
        let mut start = input.any_pressed(&START_KEYS);
        let mut launch = input.any_pressed(&LAUNCH_KEYS);
        let mut pause = input.any_pressed(&PAUSE_KEYS);
        for n in 0..4 {
            let pad = gamepad(n);
            if !pad.connected {
                continue;
            }
            dir += pad.held(button::RIGHT) as i32 as f32 - pad.held(button::LEFT) as i32 as f32 + pad.axes[0];
            start |= pad.pressed(button::A) || pad.pressed(button::START);
            launch |= pad.pressed(button::A);
            pause |= pad.pressed(button::START);
        }
        let dir = dir.max(-1.0).min(1.0);
        if dir != 0.0 {
            self.pointer_mode = false;
        }
        let p = pointer();
        if (p.x, p.y) != self.last_pointer {
            self.last_pointer = (p.x, p.y);
            self.pointer_mode = true;
        }
        if p.pressed(0) {
            start = true;
            launch = true;
        }
        Controls { dir, target: if self.pointer_mode { Some(p.x) } else { None }, start, launch, pause }
    }

    fn update_title(&mut self, dt: f32, input: &Controls) {
        if input.start {
            self.start_game();
            return;
        }
        // Self-playing demo behind the title.
        let w = &mut self.world;
        let dir = w.autopilot();
        w.move_paddle(dir, dt);
        if w.serve_t >= 0.0 {
            w.serve_t += dt;
            w.stick_ball();
            if w.serve_t > 1.0 {
                w.serve_t = -1.0;
                w.launch(&mut self.rng);
            }
        } else {
            match w.step_ball(dt, &mut self.rng) {
                BallEvent::Lost => w.reset_ball(),
                BallEvent::Cleared => w.next_level(),
                BallEvent::None => {}
            }
        }
        w.push_trail();
        w.update_effects(dt);
    }

    fn update_play(&mut self, dt: f32, input: &Controls) {
        let w = &mut self.world;
        match input.target {
            Some(x) => w.paddle_to(x),
            None => w.move_paddle(input.dir, dt),
        }
        match self.mode {
            Mode::Serve => {
                w.stick_ball();
                if input.launch {
                    w.launch(&mut self.rng);
                    snd_serve();
                    self.mode = Mode::Playing;
                }
            }
            Mode::Playing => match w.step_ball(dt, &mut self.rng) {
                BallEvent::None => {}
                BallEvent::Lost => {
                    w.lives -= 1;
                    snd_lost();
                    self.mode = Mode::LifeLost { t: 0.0 };
                }
                BallEvent::Cleared => {
                    w.add_score(LEVEL_BONUS * w.level);
                    sdk::log!("breakout: level {} cleared, score {}", w.level, w.score);
                    self.jingles.tune(&[523.25, 659.25, 783.99, 1046.5, 1318.5], 6, Wave::Square(0.5));
                    self.jingles.after(0, CH_BASS, Tone::new(130.81).duration(0.6).volume(0.2).wave(Wave::Triangle).envelope(0.01, 0.2, 0.7, 0.3));
                    self.mode = Mode::LevelClear { t: 0.0 };
                }
            },
            _ => {}
        }
        w.push_trail();
        w.update_effects(dt);
        if matches!(self.mode, Mode::LevelClear { .. }) {
            self.keep_best();
        }
    }

    fn draw_hud(&self) {
        let w = &self.world;
        if self.mode == Mode::Title {
            sdk::text(&format!("HIGH SCORE {:06}", self.best), 6.0, 3.0, 10.0, DIM_TEXT);
            return;
        }
        sdk::text(&format!("SCORE {:06}", w.score), 6.0, 3.0, 10.0, TEXT_COLOR);
        let hi_color = if w.score > self.best_before && w.score > 0 { Color::hex(0xFFD060) } else { DIM_TEXT };
        sdk::text(&format!("HI {:06}", self.best.max(w.score)), 86.0, 3.0, 10.0, hi_color);
        sdk::text_centered(&format!("LEVEL {}", w.level), 190.0, 3.0, 10.0, TEXT_COLOR);
        // Lives as balls, right-aligned; the one in play is not counted.
        let spare = w.lives.saturating_sub(1).min(MAX_LIVES - 1);
        sdk::text("BALLS", W - 6.0 - 8.0 * (MAX_LIVES - 1) as f32 - sdk::text_width("BALLS", 10.0) - 2.0, 3.0, 10.0, DIM_TEXT);
        for i in 0..spare {
            sdk::circle(W - 10.0 - i as f32 * 8.0, 8.0, 3.0, BALL_COLOR);
        }
    }

    /// Darkened box with centred lines of text.
    fn banner(&self, lines: &[(&str, f32, Color)]) {
        let total: f32 = lines.iter().map(|l| l.1 * 1.4).sum();
        let y0 = 150.0 - total * 0.5;
        sdk::rect(XMIN, y0 - 8.0, XMAX - XMIN, total + 12.0, Color::rgba(0x08, 0x0A, 0x12, 0xD8));
        let mut y = y0;
        for &(s, size, color) in lines {
            if !s.is_empty() {
                sdk::text_centered(s, W * 0.5, y, size, color);
            }
            y += size * 1.4;
        }
    }

    fn blink(&self) -> bool {
        (self.clock * 2.0) as u32 % 2 == 0
    }
}

impl Game for Breakout {
    fn new(_width: u32, _height: u32, seed: u32) -> Self {
        let save = Save::read();
        let best = save.get(0..4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        sdk::log!("breakout: seed {}, high score {}", seed, best);
        Breakout {
            rng: Rng::new(seed),
            mode: Mode::Title,
            paused: false,
            world: World::new(1, true),
            best,
            best_before: best,
            clock: 0.0,
            jingles: Jingles { frame: 0, notes: Vec::new() },
            pointer_mode: false,
            last_pointer: (0.0, 0.0),
        }
    }

    fn update(&mut self, dt: f32, keys: &Input) {
        self.clock += dt;
        let input = &self.read_controls(keys);
        self.jingles.tick();
        match self.mode {
            Mode::Title => self.update_title(dt, input),
            Mode::Serve | Mode::Playing => {
                if input.pause {
                    self.paused = !self.paused;
                    snd_ui();
                }
                if !self.paused {
                    self.update_play(dt, input);
                }
            }
            Mode::LifeLost { t } => {
                self.world.update_effects(dt);
                if t + dt >= 0.8 {
                    if self.world.lives == 0 {
                        self.end_game();
                    } else {
                        self.world.reset_ball();
                        self.mode = Mode::Serve;
                    }
                } else {
                    self.mode = Mode::LifeLost { t: t + dt };
                }
            }
            Mode::LevelClear { t } => {
                self.world.update_effects(dt);
                if t + dt >= 2.0 {
                    self.world.next_level();
                    self.mode = Mode::Serve;
                } else {
                    self.mode = Mode::LevelClear { t: t + dt };
                }
            }
            Mode::GameOver { t } => {
                self.world.update_effects(dt);
                // Ignore keys for a moment so a key held from play doesn't skip the screen.
                if t >= 0.75 && input.start {
                    self.start_game();
                } else {
                    self.mode = Mode::GameOver { t: t + dt };
                }
            }
        }
    }

    fn draw(&self) {
        sdk::clear(BG);
        let show_ball = !matches!(self.mode, Mode::LifeLost { .. } | Mode::GameOver { .. } | Mode::LevelClear { .. });
        self.world.draw(show_ball);
        self.draw_hud();
        match self.mode {
            Mode::Title => {
                let prompt = if self.blink() { "press Enter, Space, click or A to start" } else { "" };
                self.banner(&[
                    ("BREAKOUT", 28.0, Color::hex(0xFFD060)),
                    ("arrows, A/D, mouse or gamepad move - Space or click launches - P pauses", 6.0, DIM_TEXT),
                    (prompt, 10.0, TEXT_COLOR),
                ]);
            }
            Mode::Serve if !self.paused => {
                sdk::text_centered("press Space or click to launch", W * 0.5, 160.0, 10.0, DIM_TEXT);
            }
            Mode::LevelClear { .. } => {
                let msg = format!("LEVEL {} CLEAR", self.world.level);
                let bonus = format!("bonus +{}", LEVEL_BONUS * self.world.level);
                let next = format!("get ready for level {}", self.world.level + 1);
                self.banner(&[(&msg, 18.0, Color::hex(0x80F080)), (&bonus, 10.0, Color::hex(0xFFD060)), (&next, 10.0, TEXT_COLOR)]);
            }
            Mode::GameOver { t } => {
                let score = format!("score {}   high score {}", self.world.score, self.best);
                let news = if self.world.score > self.best_before { "NEW HIGH SCORE!" } else { "" };
                let prompt = if t >= 0.75 && self.blink() { "press Enter, Space, click or A to restart" } else { "" };
                self.banner(&[
                    ("GAME OVER", 24.0, Color::hex(0xFF6060)),
                    (&score, 10.0, TEXT_COLOR),
                    (news, 10.0, Color::hex(0xFFD060)),
                    (prompt, 10.0, TEXT_COLOR),
                ]);
            }
            _ => {}
        }
        if self.world.extra_flash > 0.0 && !self.world.demo && ((self.world.extra_flash * 8.0) as u32) % 2 == 0 {
            sdk::text_centered("EXTRA BALL", W * 0.5, 120.0, 12.0, Color::hex(0xFFD060));
        }
        if self.paused {
            self.banner(&[("PAUSED", 20.0, TEXT_COLOR), ("P, Escape or Start to resume", 10.0, DIM_TEXT)]);
        }
    }
}
