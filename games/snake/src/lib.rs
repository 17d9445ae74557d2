//! Snake for Wasm Arcade.
//!
//! Controls: arrows or WASD steer (up to three turns are queued between
//! steps); a gamepad's d-pad or left stick steers too. P pauses (in the app,
//! P and Escape pause the app itself); Enter, Space or the pad's A / Start
//! start and restart. Eat food to grow; every bite makes the snake a little
//! faster. Hitting a wall or yourself ends the game.
//!
//! ABI v2: bites, turns, crashes and a new best score make sounds, and the
//! best score is saved (`score: "u32le@0"`, so the game library shows it).
//!
//! The snake steps on a timer driven only by the fixed `dt`, and food is
//! placed with an [`Rng`] seeded by `init`, so a seed plus the input events
//! per frame always replay identically.

use arcade_sdk::v2::{button, gamepad, Save, Tone, Tune, Wave};
use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};
use std::collections::VecDeque;

sdk::game_meta! {
    abi: 2,
    title: "Snake",
    width: 320,
    height: 240,
    author: "Wasm Arcade",
    description: "Eat, grow, don't bite yourself. Faster with every bite.",
    id: "wasm-arcade.snake",
    score: "u32le@0",
}

sdk::export_game_v2!(Snake);

const W: f32 = 320.0;
const HUD_H: f32 = 16.0;
const CELL: f32 = 16.0;
const COLS: i32 = 20;
const ROWS: i32 = 14;

const START_STEP: f32 = 0.14;
const MIN_STEP: f32 = 0.055;
const STEP_DECAY: f32 = 0.0035;
const START_LEN: usize = 4;

const BG: Color = Color::hex(0x0E1A14);
const GRID: Color = Color::rgba(0x20, 0x38, 0x2A, 0xFF);
const HUD_BG: Color = Color::hex(0x08100C);
const SNAKE_HEAD: Color = Color::hex(0xB8F070);
const SNAKE_BODY: Color = Color::hex(0x58B840);
const SNAKE_TAIL: Color = Color::hex(0x2E7028);
const FOOD: Color = Color::hex(0xF04848);
const TEXT: Color = Color::hex(0xE8F4EC);
const DIM: Color = Color::hex(0x80A090);
const BEST: Color = Color::hex(0xF0D060);

const START_KEYS: [u32; 2] = [keys::ENTER, keys::SPACE];
const PAUSE_KEYS: [u32; 2] = [keys::P, keys::ESCAPE];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Dir {
    Up,
    Down,
    Left,
    Right,
}

impl Dir {
    fn delta(self) -> (i32, i32) {
        match self {
            Dir::Up => (0, -1),
            Dir::Down => (0, 1),
            Dir::Left => (-1, 0),
            Dir::Right => (1, 0),
        }
    }

    fn opposite(self) -> Dir {
        match self {
            Dir::Up => Dir::Down,
            Dir::Down => Dir::Up,
            Dir::Left => Dir::Right,
            Dir::Right => Dir::Left,
        }
    }

    /// The d-pad button pressed this frame, if any (in a fixed order).
    fn from_pad() -> Option<Dir> {
        let pad = gamepad(0);
        [(button::UP, Dir::Up), (button::DOWN, Dir::Down), (button::LEFT, Dir::Left), (button::RIGHT, Dir::Right)]
            .iter()
            .find(|(b, _)| pad.pressed(*b))
            .map(|&(_, d)| d)
    }

    /// Where the left stick points, if it is pushed over half way.
    fn from_stick() -> Option<Dir> {
        let pad = gamepad(0);
        let (x, y) = (pad.axes[0], pad.axes[1]);
        if x.abs() < 0.5 && y.abs() < 0.5 {
            None
        } else if x.abs() > y.abs() {
            Some(if x > 0.0 { Dir::Right } else { Dir::Left })
        } else {
            Some(if y > 0.0 { Dir::Down } else { Dir::Up })
        }
    }

    fn from_key(code: u32) -> Option<Dir> {
        match code {
            keys::UP | keys::W => Some(Dir::Up),
            keys::DOWN | keys::S => Some(Dir::Down),
            keys::LEFT | keys::A => Some(Dir::Left),
            keys::RIGHT | keys::D => Some(Dir::Right),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    Title,
    Playing,
    /// `t`: seconds since the crash (restart is accepted after a moment).
    GameOver { t: f32, won: bool, new_best: bool },
}

struct Snake {
    rng: Rng,
    mode: Mode,
    paused: bool,
    /// Head first.
    body: VecDeque<(i32, i32)>,
    dir: Dir,
    /// Turns pressed since the last step, applied one per step.
    turns: VecDeque<Dir>,
    grow: u32,
    food: (i32, i32),
    step_time: f32,
    timer: f32,
    score: u32,
    best: u32,
    eaten: u32,
    clock: f32,
    /// Where the stick pointed last frame (a turn is queued when it changes).
    stick: Option<Dir>,
    tune: Tune,
}

/// Channels: bites, turns, the crash, jingles.
const CH_EAT: u32 = 0;
const CH_TURN: u32 = 1;
const CH_CRASH: u32 = 2;
const CH_TUNE: u32 = 3;

impl Snake {
    fn reset(&mut self) {
        self.body.clear();
        let y = ROWS / 2;
        for i in 0..START_LEN as i32 {
            self.body.push_back((COLS / 4 - i, y));
        }
        self.dir = Dir::Right;
        self.turns.clear();
        self.grow = 0;
        self.step_time = START_STEP;
        self.timer = 0.0;
        self.score = 0;
        self.eaten = 0;
        self.paused = false;
        self.place_food();
    }

    /// Puts food on a uniformly random free cell. Returns false if the board is full.
    fn place_food(&mut self) -> bool {
        let free = (COLS * ROWS) as u32 - self.body.len() as u32;
        if free == 0 {
            return false;
        }
        let mut k = self.rng.below(free);
        for y in 0..ROWS {
            for x in 0..COLS {
                if !self.body.contains(&(x, y)) {
                    if k == 0 {
                        self.food = (x, y);
                        return true;
                    }
                    k -= 1;
                }
            }
        }
        false
    }

    fn queue_turn(&mut self, d: Dir) {
        // Compare with the last queued direction so quick double turns work
        // and a 180° turn into your own neck is ignored.
        let last = *self.turns.back().unwrap_or(&self.dir);
        if d != last && d != last.opposite() && self.turns.len() < 3 {
            self.turns.push_back(d);
            Tone::new(180.0).to(150.0).duration(0.02).volume(0.12).wave(Wave::Triangle).envelope(0.0, 0.01, 0.5, 0.02).play(CH_TURN);
        }
    }

    /// One grid step. Returns false when the snake dies.
    fn step(&mut self) -> bool {
        if let Some(d) = self.turns.pop_front() {
            self.dir = d;
        }
        let (dx, dy) = self.dir.delta();
        let (hx, hy) = self.body[0];
        let next = (hx + dx, hy + dy);
        if next.0 < 0 || next.0 >= COLS || next.1 < 0 || next.1 >= ROWS {
            return false;
        }
        // The tail moves away this step unless growing, so it is not an obstacle.
        let growing = self.grow > 0;
        let len = self.body.len();
        let hits_self = self.body.iter().take(if growing { len } else { len - 1 }).any(|&c| c == next);
        if hits_self {
            return false;
        }
        self.body.push_front(next);
        if growing {
            self.grow -= 1;
        } else {
            self.body.pop_back();
        }
        if next == self.food {
            self.eaten += 1;
            self.grow += 2;
            self.score += 10 + self.eaten / 5 * 5;
            self.step_time = (self.step_time - STEP_DECAY).max(MIN_STEP);
            // each bite a little higher, panned to where it happened
            let pitch = 520.0 * (1.0 + (self.eaten.min(24) as f32) * 0.03);
            let pan = (next.0 as f32 / (COLS - 1) as f32) * 1.2 - 0.6;
            Tone::new(pitch).to(pitch * 1.6).duration(0.06).volume(0.3).pan(pan).wave(Wave::Square(0.25)).play(CH_EAT);
            if !self.place_food() {
                self.food = (-1, -1);
            }
        }
        true
    }

    fn game_over(&mut self, won: bool) {
        let new_best = self.score > self.best;
        if new_best {
            self.best = self.score;
            Save::write(&self.best.to_le_bytes());
        }
        self.mode = Mode::GameOver { t: 0.0, won, new_best };
        sdk::log!("snake: {} with score {}, length {} (best {})", if won { "board full" } else { "crashed" }, self.score, self.body.len(), self.best);
        if won {
            self.jingle(&[523.25, 659.25, 783.99, 1046.5, 1318.5]);
        } else {
            Tone::new(420.0).to(55.0).duration(0.45).volume(0.45).wave(Wave::Noise).envelope(0.0, 0.1, 0.6, 0.25).play(CH_CRASH);
            let sad = Tone::new(440.0).duration(0.14).volume(0.3).wave(Wave::Triangle).envelope(0.005, 0.05, 0.7, 0.08);
            self.tune.notes(&[392.0, 311.13, 261.63, 196.0], 10, sad, CH_TUNE);
        }
        if new_best {
            // a fanfare after the sad notes
            for (i, &f) in [783.99, 1046.5, 1318.5, 1568.0, 1318.5, 1568.0].iter().enumerate() {
                let note = Tone::new(f).duration(0.08).volume(0.28).wave(Wave::Square(0.5)).envelope(0.005, 0.03, 0.7, 0.05);
                self.tune.after(48 + i as u32 * 6, note, CH_EAT);
            }
        }
    }

    fn start(&mut self) {
        self.reset();
        self.mode = Mode::Playing;
        sdk::log!("snake: new game (best {})", self.best);
        self.jingle(&[392.0, 523.25, 659.25]);
    }

    fn jingle(&mut self, notes: &[f32]) {
        let tone = Tone::new(440.0).duration(0.07).volume(0.28).wave(Wave::Square(0.5)).envelope(0.005, 0.03, 0.7, 0.05);
        self.tune.notes(notes, 5, tone, CH_TUNE);
    }

    fn cell_xy(c: (i32, i32)) -> (f32, f32) {
        (c.0 as f32 * CELL, HUD_H + c.1 as f32 * CELL)
    }

    fn blink(&self) -> bool {
        (self.clock * 2.0) as u32 % 2 == 0
    }

    fn draw_board(&self) {
        for x in 1..COLS {
            let px = x as f32 * CELL;
            sdk::line(px, HUD_H, px, HUD_H + ROWS as f32 * CELL, 1.0, GRID);
        }
        for y in 1..ROWS {
            let py = HUD_H + y as f32 * CELL;
            sdk::line(0.0, py, W, py, 1.0, GRID);
        }

        // Food pulses with a triangle wave (no trig needed).
        if self.food.0 >= 0 {
            let (fx, fy) = Snake::cell_xy(self.food);
            let phase = (self.clock * 2.0) % 2.0;
            let pulse = if phase < 1.0 { phase } else { 2.0 - phase };
            sdk::circle(fx + CELL * 0.5, fy + CELL * 0.5, 4.5 + pulse * 1.5, FOOD);
            sdk::rect(fx + CELL * 0.5, fy + 1.0, 2.0, 4.0, Color::hex(0x60C040));
        }

        let n = self.body.len();
        for (i, &c) in self.body.iter().enumerate().rev() {
            let (x, y) = Snake::cell_xy(c);
            let color = if i == 0 { SNAKE_HEAD } else { SNAKE_BODY.mix(SNAKE_TAIL, i as f32 / n as f32) };
            sdk::rect(x + 1.0, y + 1.0, CELL - 2.0, CELL - 2.0, color);
            // Bridge to the next segment so the body reads as one piece.
            if i + 1 < n {
                let (nx, ny) = Snake::cell_xy(self.body[i + 1]);
                let (bx, by) = ((x + nx) * 0.5, (y + ny) * 0.5);
                sdk::rect(bx + 1.0, by + 1.0, CELL - 2.0, CELL - 2.0, color);
            }
        }
        // Eyes look where the snake is going.
        let (hx, hy) = Snake::cell_xy(self.body[0]);
        let (dx, dy) = self.dir.delta();
        let (cx, cy) = (hx + CELL * 0.5 + dx as f32 * 3.0, hy + CELL * 0.5 + dy as f32 * 3.0);
        let (ox, oy) = (dy.abs() as f32 * 3.5, dx.abs() as f32 * 3.5);
        for s in [-1.0, 1.0] {
            sdk::circle(cx + ox * s, cy + oy * s, 1.8, Color::hex(0x102010));
        }
    }

    fn draw_hud(&self) {
        sdk::rect(0.0, 0.0, W, HUD_H, HUD_BG);
        if self.mode == Mode::Title {
            sdk::text(&format!("BEST {}", self.best), 6.0, 3.0, 10.0, DIM);
            return;
        }
        sdk::text(&format!("SCORE {}", self.score), 6.0, 3.0, 10.0, TEXT);
        sdk::text_centered(&format!("BEST {}", self.best.max(self.score)), W * 0.5, 3.0, 10.0, BEST);
        let len = format!("LENGTH {}", self.body.len());
        sdk::text(&len, W - 6.0 - sdk::text_width(&len, 10.0), 3.0, 10.0, DIM);
    }

    fn banner(&self, lines: &[(&str, f32, Color)]) {
        let total: f32 = lines.iter().map(|l| l.1 * 1.4).sum();
        let y0 = 128.0 - total * 0.5;
        sdk::rect(0.0, y0 - 8.0, W, total + 12.0, Color::rgba(0x04, 0x0A, 0x06, 0xD8));
        let mut y = y0;
        for &(s, size, color) in lines {
            if !s.is_empty() {
                sdk::text_centered(s, W * 0.5, y, size, color);
            }
            y += size * 1.4;
        }
    }
}

impl Game for Snake {
    fn new(_width: u32, _height: u32, seed: u32) -> Self {
        let save = Save::read();
        let best = save.get(0..4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        sdk::log!("snake: seed {}, best {}", seed, best);
        let mut s = Snake {
            rng: Rng::new(seed),
            mode: Mode::Title,
            paused: false,
            body: VecDeque::new(),
            dir: Dir::Right,
            turns: VecDeque::new(),
            grow: 0,
            food: (0, 0),
            step_time: START_STEP,
            timer: 0.0,
            score: 0,
            best,
            eaten: 0,
            clock: 0.0,
            stick: None,
            tune: Tune::new(),
        };
        s.reset();
        s
    }

    fn key_down(&mut self, code: u32) {
        // Turns are queued in arrival order, so two presses within one frame
        // both count (Input would only tell us which keys went down).
        if self.mode == Mode::Playing && !self.paused {
            if let Some(d) = Dir::from_key(code) {
                self.queue_turn(d);
            }
        }
    }

    fn update(&mut self, dt: f32, input: &Input) {
        self.clock += dt;
        self.tune.update();
        let pad = gamepad(0);
        let start = input.any_pressed(&START_KEYS) || pad.pressed(button::A) || pad.pressed(button::START);
        let stick = Dir::from_stick();
        let stick_turn = if stick != self.stick { stick } else { None };
        self.stick = stick;
        match self.mode {
            Mode::Title => {
                if start {
                    self.start();
                }
            }
            Mode::Playing => {
                if input.any_pressed(&PAUSE_KEYS) || pad.pressed(button::START) {
                    self.paused = !self.paused;
                }
                if self.paused {
                    return;
                }
                // the pad's turns (keys are queued as they arrive, in key_down)
                if let Some(d) = Dir::from_pad().or(stick_turn) {
                    self.queue_turn(d);
                }
                self.timer += dt;
                if self.timer >= self.step_time {
                    self.timer -= self.step_time;
                    if !self.step() {
                        self.game_over(false);
                    } else if self.food.0 < 0 {
                        self.game_over(true);
                    }
                }
            }
            Mode::GameOver { t, won, new_best } => {
                if t >= 0.6 && start {
                    self.start();
                } else {
                    self.mode = Mode::GameOver { t: t + dt, won, new_best };
                }
            }
        }
    }

    fn draw(&self) {
        sdk::clear(BG);
        self.draw_board();
        self.draw_hud();
        match self.mode {
            Mode::Title => {
                let prompt = if self.blink() { "press Enter, Space or A to start" } else { "" };
                self.banner(&[
                    ("SNAKE", 28.0, SNAKE_HEAD),
                    ("arrows, WASD or the d-pad steer - P pauses", 8.0, DIM),
                    (prompt, 10.0, TEXT),
                ]);
            }
            Mode::GameOver { t, won, new_best } => {
                let score = format!("score {}   length {}   best {}", self.score, self.body.len(), self.best);
                let prompt = if t >= 0.6 && self.blink() { "press Enter, Space or A to restart" } else { "" };
                let title = if won { "BOARD CLEARED" } else { "GAME OVER" };
                if new_best {
                    self.banner(&[(title, 24.0, FOOD), (&score, 10.0, TEXT), ("\u{2605} NEW BEST \u{2605}", 10.0, BEST), (prompt, 10.0, TEXT)]);
                } else {
                    self.banner(&[(title, 24.0, FOOD), (&score, 10.0, TEXT), (prompt, 10.0, TEXT)]);
                }
            }
            Mode::Playing => {}
        }
        if self.paused {
            self.banner(&[("PAUSED", 20.0, TEXT), ("P or Escape to resume", 10.0, DIM)]);
        }
    }
}
