//! Breakout for Wasm Arcade.
//!
//! Controls: Left/Right arrows or A/D move the paddle; Space, Enter or Up
//! launches the ball; P or Escape pauses. Clear every brick to reach the next
//! level (faster ball, narrower paddle); lose all lives and it is game over.
//!
//! Everything random (serve angle, particles) comes from one [`Rng`] seeded
//! by `init`, and all motion uses the fixed `dt`, so the same seed and the
//! same key events per frame always give the same draw calls.

use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};

sdk::game_meta! {
    title: "Breakout",
    width: 320,
    height: 240,
    author: "Wasm Arcade",
    description: "Paddle, ball, bricks. Clear the wall to go faster.",
}

sdk::export_game!(Breakout);

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
}

/// What happened during one ball step.
#[derive(PartialEq)]
enum BallEvent {
    None,
    Lost,
    Cleared,
}

struct Breakout {
    rng: Rng,
    mode: Mode,
    paused: bool,
    world: World,
    best: u32,
    /// Seconds since start, for blinking text (fixed dt, so deterministic).
    clock: f32,
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
                sdk::log!("breakout: extra ball at {} points", self.score);
            }
        }
    }

    fn bricks_left(&self) -> bool {
        self.bricks.iter().any(|b| b.hits > 0)
    }

    /// Moves the paddle by `dir` (-1, 0, +1) for one tick.
    fn move_paddle(&mut self, dir: f32, dt: f32) {
        self.paddle_x = (self.paddle_x + dir * PADDLE_SPEED * dt).max(XMIN).min(XMAX - self.paddle_w);
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
            } else if self.ball.x + BALL_R > XMAX {
                self.ball.x = XMAX - BALL_R;
                self.ball.dx = -self.ball.dx.abs();
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
        sdk::log("breakout: new game");
    }

    fn end_game(&mut self) {
        self.best = self.best.max(self.world.score);
        self.mode = Mode::GameOver { t: 0.0 };
        sdk::log!("breakout: game over, score {} (level {})", self.world.score, self.world.level);
    }

    fn update_title(&mut self, dt: f32, input: &Input) {
        if input.any_pressed(&START_KEYS) {
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

    fn update_play(&mut self, dt: f32, input: &Input) {
        let dir = input.axis(&LEFT_KEYS, &RIGHT_KEYS) as f32;
        let w = &mut self.world;
        w.move_paddle(dir, dt);
        match self.mode {
            Mode::Serve => {
                w.stick_ball();
                if input.any_pressed(&LAUNCH_KEYS) {
                    w.launch(&mut self.rng);
                    self.mode = Mode::Playing;
                }
            }
            Mode::Playing => match w.step_ball(dt, &mut self.rng) {
                BallEvent::None => {}
                BallEvent::Lost => {
                    w.lives -= 1;
                    self.mode = Mode::LifeLost { t: 0.0 };
                }
                BallEvent::Cleared => {
                    w.add_score(LEVEL_BONUS * w.level);
                    sdk::log!("breakout: level {} cleared, score {}", w.level, w.score);
                    self.mode = Mode::LevelClear { t: 0.0 };
                }
            },
            _ => {}
        }
        w.push_trail();
        w.update_effects(dt);
    }

    fn draw_hud(&self) {
        let w = &self.world;
        if self.mode == Mode::Title {
            sdk::text(&format!("BEST {:06}", self.best), 6.0, 3.0, 10.0, DIM_TEXT);
            return;
        }
        sdk::text(&format!("SCORE {:06}", w.score), 6.0, 3.0, 10.0, TEXT_COLOR);
        sdk::text_centered(&format!("LEVEL {}", w.level), W * 0.5, 3.0, 10.0, TEXT_COLOR);
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
        sdk::log!("breakout: seed {}", seed);
        Breakout { rng: Rng::new(seed), mode: Mode::Title, paused: false, world: World::new(1, true), best: 0, clock: 0.0 }
    }

    fn update(&mut self, dt: f32, input: &Input) {
        self.clock += dt;
        match self.mode {
            Mode::Title => self.update_title(dt, input),
            Mode::Serve | Mode::Playing => {
                if input.any_pressed(&PAUSE_KEYS) {
                    self.paused = !self.paused;
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
                if t >= 0.75 && input.any_pressed(&START_KEYS) {
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
                let prompt = if self.blink() { "press Enter or Space to start" } else { "" };
                self.banner(&[
                    ("BREAKOUT", 28.0, Color::hex(0xFFD060)),
                    ("Left/Right or A/D move - Space launches - P pauses", 7.0, DIM_TEXT),
                    (prompt, 10.0, TEXT_COLOR),
                ]);
            }
            Mode::Serve if !self.paused => {
                sdk::text_centered("press Space to launch", W * 0.5, 160.0, 10.0, DIM_TEXT);
            }
            Mode::LevelClear { .. } => {
                let msg = format!("LEVEL {} CLEAR", self.world.level);
                let bonus = format!("bonus +{}", LEVEL_BONUS * self.world.level);
                let next = format!("get ready for level {}", self.world.level + 1);
                self.banner(&[(&msg, 18.0, Color::hex(0x80F080)), (&bonus, 10.0, Color::hex(0xFFD060)), (&next, 10.0, TEXT_COLOR)]);
            }
            Mode::GameOver { t } => {
                let score = format!("score {}   best {}", self.world.score, self.best);
                let prompt = if t >= 0.75 && self.blink() { "press Enter or Space to restart" } else { "" };
                self.banner(&[("GAME OVER", 24.0, Color::hex(0xFF6060)), (&score, 10.0, TEXT_COLOR), (prompt, 10.0, TEXT_COLOR)]);
            }
            _ => {}
        }
        if self.world.extra_flash > 0.0 && !self.world.demo && ((self.world.extra_flash * 8.0) as u32) % 2 == 0 {
            sdk::text_centered("EXTRA BALL", W * 0.5, 120.0, 12.0, Color::hex(0xFFD060));
        }
        if self.paused {
            self.banner(&[("PAUSED", 20.0, TEXT_COLOR), ("P or Escape to resume", 10.0, DIM_TEXT)]);
        }
    }
}
