//! {{title}}: a Wasm Arcade game. Arrows move the ship, Space fires a ring.
//! `npm run dev` rebuilds and reloads it in the browser on every save.
use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};

sdk::game_meta! {
    title: "{{title}}",
    width: 160,
    height: 120,
    description: "Made with arcade new",
}
sdk::export_game!(MyGame);

const SPEED: f32 = 60.0;

struct MyGame {
    width: f32,
    height: f32,
    x: f32,
    y: f32,
    rings: Vec<(f32, f32, f32)>,
    stars: Vec<(f32, f32)>,
    frames: u32,
}

impl Game for MyGame {
    fn new(width: u32, height: u32, seed: u32) -> Self {
        let mut rng = Rng::new(seed);
        let (w, h) = (width as f32, height as f32);
        let stars = (0..24).map(|_| (rng.range_f32(0.0, w), rng.range_f32(0.0, h))).collect();
        MyGame { width: w, height: h, x: w / 2.0, y: h / 2.0, rings: Vec::new(), stars, frames: 0 }
    }

    fn update(&mut self, dt: f32, input: &Input) {
        self.frames += 1;
        self.x += input.axis(&[keys::LEFT], &[keys::RIGHT]) as f32 * SPEED * dt;
        self.y += input.axis(&[keys::UP], &[keys::DOWN]) as f32 * SPEED * dt;
        self.x = self.x.clamp(4.0, self.width - 4.0);
        self.y = self.y.clamp(4.0, self.height - 4.0);
        if input.pressed(keys::SPACE) {
            self.rings.push((self.x, self.y, 2.0));
            sdk::log!("ring at {:.0},{:.0}", self.x, self.y);
        }
        for ring in &mut self.rings {
            ring.2 += 40.0 * dt;
        }
        self.rings.retain(|r| r.2 < 60.0);
    }

    fn draw(&self) {
        sdk::clear(Color::hex(0x101828));
        for &(x, y) in &self.stars {
            sdk::rect(x, y, 1.0, 1.0, Color::GRAY);
        }
        for &(x, y, r) in &self.rings {
            let fade = 1.0 - r / 60.0;
            sdk::circle(x, y, r, Color::CYAN.with_alpha((fade * 120.0) as u8));
        }
        sdk::line(self.x - 4.0, self.y + 4.0, self.x, self.y - 5.0, 1.5, Color::YELLOW);
        sdk::line(self.x, self.y - 5.0, self.x + 4.0, self.y + 4.0, 1.5, Color::YELLOW);
        sdk::text_centered("{{title}}", self.width / 2.0, 4.0, 8.0, Color::WHITE);
        sdk::text(&format!("{}", self.frames / 60), 4.0, self.height - 12.0, 8.0, Color::GRAY);
    }
}
