//! Snake for Wasm Arcade.
//!
//! Controls: arrows or WASD steer (two turns can be queued between steps);
//! P or Escape pauses; Enter or Space starts and restarts. Eat food to grow;
//! every bite makes the snake a little faster. Hitting a wall or yourself
//! ends the game.
//!
//! The snake steps on a timer driven only by the fixed `dt`, and food is
//! placed with an [`Rng`] seeded by `init`, so a seed plus the key events per
//! frame always replay identically.

use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};
use std::collections::VecDeque;

sdk::game_meta! {
    title: "Snake",
    width: 320,
    height: 240,
    author: "Wasm Arcade",
    description: "Eat, grow, don't bite yourself. Faster with every bite.",
}

sdk::export_game!(Snake);

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
    GameOver { t: f32, won: bool },
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
}

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
            if !self.place_food() {
                self.food = (-1, -1);
            }
        }
        true
    }

    fn game_over(&mut self, won: bool) {
        self.best = self.best.max(self.score);
        self.mode = Mode::GameOver { t: 0.0, won };
        sdk::log!("snake: {} with score {}, length {}", if won { "board full" } else { "crashed" }, self.score, self.body.len());
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
        sdk::log!("snake: seed {}", seed);
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
            best: 0,
            eaten: 0,
            clock: 0.0,
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
        match self.mode {
            Mode::Title => {
                if input.any_pressed(&START_KEYS) {
                    self.reset();
                    self.mode = Mode::Playing;
                    sdk::log("snake: new game");
                }
            }
            Mode::Playing => {
                if input.any_pressed(&PAUSE_KEYS) {
                    self.paused = !self.paused;
                }
                if self.paused {
                    return;
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
            Mode::GameOver { t, won } => {
                if t >= 0.6 && input.any_pressed(&START_KEYS) {
                    self.reset();
                    self.mode = Mode::Playing;
                    sdk::log("snake: new game");
                } else {
                    self.mode = Mode::GameOver { t: t + dt, won };
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
                let prompt = if self.blink() { "press Enter or Space to start" } else { "" };
                self.banner(&[
                    ("SNAKE", 28.0, SNAKE_HEAD),
                    ("arrows or WASD steer - P pauses", 8.0, DIM),
                    (prompt, 10.0, TEXT),
                ]);
            }
            Mode::GameOver { t, won } => {
                let score = format!("score {}   length {}   best {}", self.score, self.body.len(), self.best);
                let prompt = if t >= 0.6 && self.blink() { "press Enter or Space to restart" } else { "" };
                let title = if won { "BOARD CLEARED" } else { "GAME OVER" };
                self.banner(&[(title, 24.0, FOOD), (&score, 10.0, TEXT), (prompt, 10.0, TEXT)]);
            }
            Mode::Playing => {}
        }
        if self.paused {
            self.banner(&[("PAUSED", 20.0, TEXT), ("P or Escape to resume", 10.0, DIM)]);
        }
    }
}
