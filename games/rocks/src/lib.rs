//! Rocks: the ABI v2 demo, written from docs/abi.md and the SDK alone. A ship
//! in the middle turns towards the mouse (or with the arrow keys / left stick)
//! and fires (click, Space, gamepad A) at rocks drifting in from the edges.
//! Sprites come from one 2-bit sprite sheet, drawn rotated and flipped; shots
//! and hits make sounds; the best score is kept in the save data.
use arcade_sdk::v2::{button, gamepad, pointer, Image, Save, SpriteSheet, Tone, Wave};
use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};

sdk::game_meta! { abi: 2, title: "Rocks", width: 320, height: 240, author: "Wasm Arcade", description: "Turn, shoot, keep the best score.", id: "wasm-arcade.rocks", score: "u32le@0" }
sdk::export_game_v2!(Rocks);

const W: f32 = 320.0;
const H: f32 = 240.0;

/// 16×8 at 2 bits per pixel (4 bytes a row): cell 0 the ship (pointing right), cell 1 a rock.
static SHEET: [u8; 32] = [
    0b01010000, 0b00000000, 0b00001010, 0b10100000,
    0b01111101, 0b00000000, 0b00101010, 0b10101000,
    0b00011111, 0b01000000, 0b10101111, 0b10101010,
    0b00000111, 0b11110101, 0b10101010, 0b10111010,
    0b00000111, 0b11110101, 0b10111010, 0b10101010,
    0b00011111, 0b01000000, 0b10101010, 0b11101010,
    0b01111101, 0b00000000, 0b00101011, 0b10101000,
    0b01010000, 0b00000000, 0b00001010, 0b10100000,
];

struct Rock {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    spin: f32,
    size: f32,
}

struct Shot {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    life: u32,
}

struct Rocks {
    sheet: SpriteSheet,
    rng: Rng,
    angle: f32,
    rocks: Vec<Rock>,
    shots: Vec<Shot>,
    score: u32,
    best: u32,
    frame: u32,
    aim_with_pointer: bool,
}

impl Rocks {
    fn spawn(&mut self) {
        let side = self.rng.below(4);
        let t = self.rng.range_f32(0.0, 1.0);
        let (x, y) = match side {
            0 => (t * W, -10.0),
            1 => (W + 10.0, t * H),
            2 => (t * W, H + 10.0),
            _ => (-10.0, t * H),
        };
        let to = (W / 2.0 - x, H / 2.0 - y);
        let len = (to.0 * to.0 + to.1 * to.1).sqrt().max(1.0);
        let speed = self.rng.range_f32(20.0, 45.0) + self.score as f32;
        let spin = self.rng.range_f32(-3.0, 3.0);
        let size = self.rng.range_f32(14.0, 28.0);
        self.rocks.push(Rock { x, y, vx: to.0 / len * speed, vy: to.1 / len * speed, spin, size });
    }

    fn fire(&mut self) {
        let (s, c) = self.angle.sin_cos();
        self.shots.push(Shot { x: W / 2.0 + c * 10.0, y: H / 2.0 + s * 10.0, vx: c * 200.0, vy: s * 200.0, life: 70 });
        Tone::new(1400.0).to(500.0).duration(0.08).volume(0.25).wave(Wave::Square(0.25)).play(0);
    }
}

impl Game for Rocks {
    fn new(_width: u32, _height: u32, seed: u32) -> Self {
        let palette = [Color::TRANSPARENT, Color::WHITE, Color::hex(0x8a7f70), Color::ORANGE];
        let sheet = SpriteSheet::new(Image::indexed(&SHEET, 16, 8, 2, &palette), 8, 8);
        let save = Save::read();
        let best = if save.len() >= 4 { u32::from_le_bytes([save[0], save[1], save[2], save[3]]) } else { 0 };
        Rocks { sheet, rng: Rng::new(seed), angle: 0.0, rocks: Vec::new(), shots: Vec::new(), score: 0, best, frame: 0, aim_with_pointer: false }
    }

    fn update(&mut self, dt: f32, input: &Input) {
        self.frame += 1;
        if self.frame == 1 {
            sdk::log!("rocks: new game (best {})", self.best);
        }
        let p = pointer();
        let pad = gamepad(0);
        // aim: the pointer once it moves, else arrows / left stick turn the ship
        let turn = input.axis(&[keys::LEFT], &[keys::RIGHT]) as f32 + pad.axes[0];
        if turn != 0.0 {
            self.aim_with_pointer = false;
            self.angle += turn * 3.0 * dt;
        } else if p.pressed(0) || (p.x, p.y) != (0.0, 0.0) && self.aim_with_pointer {
            self.angle = (p.y - H / 2.0).atan2(p.x - W / 2.0);
        }
        if p.pressed(0) {
            self.aim_with_pointer = true;
        }
        if p.pressed(0) || input.pressed(keys::SPACE) || pad.pressed(button::A) {
            self.fire();
        }
        if self.frame % 50 == 0 && self.rocks.len() < 12 {
            self.spawn();
        }
        for s in self.shots.iter_mut() {
            s.x += s.vx * dt;
            s.y += s.vy * dt;
            s.life = s.life.saturating_sub(1);
        }
        self.shots.retain(|s| s.life > 0);
        let mut hit_ship = false;
        let mut hits = 0;
        for r in self.rocks.iter_mut() {
            r.x += r.vx * dt;
            r.y += r.vy * dt;
            let (dx, dy) = (r.x - W / 2.0, r.y - H / 2.0);
            if dx * dx + dy * dy < (r.size / 2.0 + 6.0) * (r.size / 2.0 + 6.0) {
                hit_ship = true;
            }
            for s in self.shots.iter_mut() {
                let (ex, ey) = (s.x - r.x, s.y - r.y);
                if s.life > 0 && ex * ex + ey * ey < r.size * r.size / 4.0 {
                    s.life = 0;
                    r.size = 0.0;
                    hits += 1;
                }
            }
        }
        self.rocks.retain(|r| r.size > 0.0);
        if hits > 0 {
            self.score += hits;
            Tone::new(200.0).to(60.0).duration(0.15).volume(0.4).wave(Wave::Noise).play(1);
            if self.score > self.best {
                self.best = self.score;
                Save::write(&self.best.to_le_bytes());
            }
        }
        if hit_ship {
            sdk::log!("rocks: crashed, score {} (best {})", self.score, self.best);
            sdk::log!("rocks: new game");
            Tone::new(300.0).to(40.0).duration(0.5).volume(0.5).wave(Wave::Sawtooth).play(2);
            self.rocks.clear();
            self.shots.clear();
            self.score = 0;
        }
    }

    fn draw(&self) {
        sdk::clear(Color::hex(0x0b1020));
        for r in &self.rocks {
            let spin = r.spin * self.frame as f32 / 60.0;
            self.sheet.sprite(1).at(r.x, r.y).size(r.size, r.size).centered().rotate(spin).draw();
        }
        for s in &self.shots {
            sdk::rect(s.x - 1.0, s.y - 1.0, 2.0, 2.0, Color::YELLOW);
        }
        // the ship: flipped top-bottom when it points left, so its fin stays on top
        let left = self.angle.cos() < 0.0;
        let ship = self.sheet.sprite(0).at(W / 2.0, H / 2.0).scale(2.0).centered().rotate(self.angle);
        if left { ship.flip_y().draw() } else { ship.draw() }
        arcade_sdk::v2::circle_outline(W / 2.0, H / 2.0, 14.0, 1.0, Color::hex(0x2a3450));
        sdk::text(&format!("SCORE {}", self.score), 6.0, 6.0, 10.0, Color::WHITE);
        let best = format!("BEST {}", self.best);
        sdk::text(&best, W - 6.0 - sdk::text_width(&best, 10.0), 6.0, 10.0, Color::YELLOW);
    }
}
