//! Crate Mate: a tile-based crate-pushing puzzle for Wasm Arcade (ABI v2).
//!
//! Twelve hand-made warehouse levels. Walk with the arrows / WASD, the d-pad
//! or the left stick, click a tile to walk there (or click next to a crate to
//! push it); Z / Backspace / gamepad B undoes (as far back as you like, even
//! a restart), R / gamepad Y restarts the level, Tab / M / Start opens the
//! level select. Every level has a par (the fewest moves that solve it, found
//! by a breadth-first search when the levels were made): solving it at par
//! gives three stars. The save keeps each level's best move count; the best
//! score the library shows is the stars earned (`u32le@0`, up to 36).
//!
//! The sprites are 8×8 pixel art written out below as text, turned into one
//! indexed sprite sheet at start-up and drawn 2× or 3×; the goal gems and the
//! stars spin (drawn rotated), pushed crates wobble. Sounds are synthesised
//! tones, with a tiny sequencer for jingles. No randomness but the session's
//! seed (for confetti), and all timing counts frames, so replays are exact.

use arcade_sdk::v2::{button, gamepad, pointer, Image, Save, SpriteSheet, Tone, Wave};
use arcade_sdk::{self as sdk, keys, Color, Game, Input, Rng};

sdk::game_meta! {
    abi: 2,
    title: "Crate Mate",
    width: 320,
    height: 240,
    author: "Wasm Arcade",
    description: "Push every crate onto its spot: 12 hand-made warehouse puzzles with undo, level select and stars.",
    id: "wasm-arcade.cratemate",
    score: "u32le@0",
}
sdk::export_game_v2!(CrateMate);

const W: f32 = 320.0;
const H: f32 = 240.0;
/// The play area between the top bar and the button bar.
const AREA_Y: f32 = 18.0;
const AREA_H: f32 = 204.0;
const BAR_Y: f32 = 224.0;

/// Frames a step takes (the player and a pushed crate glide between tiles).
const STEP_FRAMES: u32 = 7;
/// Frames a direction must be held before it repeats.
const HOLD_DELAY: u32 = 14;

// ---------------------------------------------------------------------------
// Levels: `#` wall, `.` goal, `$` crate, `*` crate on a goal, `@` player,
// `+` player on a goal, space floor. Par = fewest moves (breadth-first search).
// ---------------------------------------------------------------------------

struct Level {
    name: &'static str,
    par: u32,
    rows: &'static [&'static str],
}

const LEVELS: [Level; 12] = [
    Level { name: "First Push", par: 3, rows: &["########", "#      #", "# @ $ .#", "#      #", "########"] },
    Level { name: "Twin Halls", par: 12, rows: &[" #######", "##  #  ##", "#  $ $  #", "# .# #. #", "#   @   #", "#########"] },
    Level { name: "Around the Post", par: 13, rows: &[" ######", " #    #", " # #$ #", " # .@ #", " #  # #", " #.$  #", " ######"] },
    Level { name: "Narrow Store", par: 17, rows: &["########", "#  .   #", "# #$## #", "# . $  #", "###@#$ #", "  #   .#", "  ######"] },
    Level { name: "Zigzag", par: 19, rows: &["#######", "#.    #", "#  $  #", "##$#@ #", " #  $ #", " #.  .#", " #    #", " ######"] },
    Level { name: "Loading Bay", par: 21, rows: &["#########", "#   #   #", "# $   $ #", "#  .#.  #", "## $@ .##", " #     #", " #######"] },
    Level { name: "Back Room", par: 23, rows: &["  #######", "  #  .  #", "### # # #", "#   $ $ #", "#. $@   #", "###    .#", "  #######"] },
    Level {
        name: "Tight Fit",
        par: 24,
        rows: &["  ######", "  #    #", "###$## #", "# .  $ ##", "# #.@.  #", "#   $## #", "###   # #", "  ##    #", "   ######"],
    },
    Level { name: "Four Corners", par: 24, rows: &[" ########", " #  ..  #", " # $##$ #", "##  ..  ##", "#  $##$  #", "#   @    #", "##########"] },
    Level { name: "Pillars", par: 29, rows: &["#########", "#.  #  .#", "# $   $ #", "##  #  ##", "# $ @ $ #", "#.  #  .#", "#########"] },
    Level { name: "Ring Road", par: 36, rows: &[" #######", " #  .  #", " # $#$ #", " #.   .#", " # $#$ #", " #  .@ #", " #######"] },
    Level { name: "Long Way Round", par: 37, rows: &["  #####", "###   #", "# $ # ##", "# #  . #", "#    # #", "## #   #", " #@$ .##", " #######"] },
];
const N: usize = LEVELS.len();
const MAX_STARS: u32 = 3 * N as u32;

/// Stars for solving a level in `moves`: 3 at par, 2 up to half again (plus 2), else 1.
fn stars_for(moves: u32, par: u32) -> u32 {
    if moves == 0 {
        0
    } else if moves <= par {
        3
    } else if moves <= par + par / 2 + 2 {
        2
    } else {
        1
    }
}

// ---------------------------------------------------------------------------
// Pixel art: one character per pixel, looked up in PALETTE.
// ---------------------------------------------------------------------------

const PALETTE: [(u8, u32); 24] = [
    (b'.', 0x0000_0000),
    (b'k', 0x1410_1eff),
    (b'w', 0x6b3e_26ff),
    (b'o', 0xb86f_32ff),
    (b'y', 0xe8a8_52ff),
    (b'Y', 0xffe0_8aff),
    (b'g', 0x9be5_64ff),
    (b'G', 0x3a9d_5dff),
    (b't', 0x1f5e_3fff),
    (b'f', 0x2f33_52ff),
    (b'F', 0x3a40_66ff),
    (b'd', 0x2629_45ff),
    (b'b', 0x4f6b_d8ff),
    (b'B', 0x2c3a_8cff),
    (b'c', 0x7fd8_f0ff),
    (b'W', 0xf4f4_f4ff),
    (b'e', 0x9aa3_b8ff),
    (b'E', 0x7a83_9eff),
    (b'm', 0x5a61_7aff),
    (b'n', 0x3b3f_55ff),
    (b'r', 0xe047_5aff),
    (b'R', 0x8f23_40ff),
    (b'q', 0x4a14_26ff),
    (b's', 0xf2b4_8cff),
];

const FLOOR: [&str; 8] = ["fffffffd", "fFfffffd", "fffffffd", "fffffffd", "fffffffd", "fffffFfd", "fffffffd", "dddddddd"];
const WALL: [&str; 8] = ["EEEEnEEE", "mmmmnmmm", "mmmmnmmm", "nnnnnnnn", "EnEEEEEE", "mnmmmmmm", "mnmmmmmm", "nnnnnnnn"];
const CRATE: [&str; 8] = ["kkkkkkkk", "kYyyyyok", "kywoowok", "kyowwook", "kyowwook", "kywoowok", "kooooowk", "kkkkkkkk"];
const GEM: [&str; 8] = ["...cc...", "..cWWc..", ".cW..Wc.", "cW....Wc", "cW....Wc", ".cW..Wc.", "..cWWc..", "...cc..."];
const P_DOWN: [&str; 8] = ["..kkkk..", ".kYYYYk.", "kYYYYYYk", "kssssssk", "kskssksk", ".kssssk.", "kbbbbbbk", ".kk..kk."];
const P_DOWN_W: [&str; 8] = ["..kkkk..", ".kYYYYk.", "kYYYYYYk", "kssssssk", "kskssksk", ".kssssk.", "kbbbbbbk", ".kk...k."];
const P_SIDE: [&str; 8] = ["..kkkk..", ".kYYYYk.", "kYYYYYYY", ".kssssk.", ".kssskk.", ".kssssk.", ".kbbbbk.", ".kk..kk."];
const P_SIDE_W: [&str; 8] = ["..kkkk..", ".kYYYYk.", "kYYYYYYY", ".kssssk.", ".kssskk.", ".kssssk.", ".kbbbbk.", "..kkkk.."];
const P_UP: [&str; 8] = ["..kkkk..", ".kYYYYk.", "kYYYYYYk", "kYYYYYYk", "kssssssk", ".kssssk.", "kbbbbbbk", ".kk..kk."];
const P_UP_W: [&str; 8] = ["..kkkk..", ".kYYYYk.", "kYYYYYYk", "kYYYYYYk", "kssssssk", ".kssssk.", "kbbbbbbk", ".kk...k."];
const STAR: [&str; 8] = ["........", "...Y....", "..YYY...", "YYYYYYY.", ".YYYYY..", "..YYY...", ".YY.YY..", ".Y...Y.."];
const LOCK: [&str; 8] = ["..mmmm..", ".m....m.", ".m....m.", "eeeeeeee", "emmmmmme", "emmkkmme", "emmmmmme", "eeeeeeee"];

/// Sprite cells, in sheet order.
const S_FLOOR: u32 = 0;
const S_WALL: u32 = 1;
const S_CRATE: u32 = 2;
const S_CRATE_OK: u32 = 3;
const S_CRATE_BAD: u32 = 4;
const S_GEM: u32 = 5;
const S_DOWN: u32 = 6;
const S_SIDE: u32 = 8;
const S_UP: u32 = 10;
const S_STAR: u32 = 12;
const S_STAR_DIM: u32 = 13;
const S_LOCK: u32 = 14;
const CELLS: usize = 16;

fn palette_index(c: u8) -> u8 {
    match PALETTE.iter().position(|p| p.0 == c) {
        Some(i) => i as u8,
        None => panic!("cratemate: pixel art uses '{}', which is not in PALETTE", c as char),
    }
}

/// The whole sheet (16 cells of 8×8 in one row, 8 bits per pixel): the art
/// above plus recoloured copies (green crate on a goal, red stuck crate, dim star).
fn build_sheet() -> SpriteSheet {
    let recolor = |art: &[&str; 8], map: &[(u8, u8)]| -> Vec<Vec<u8>> {
        art.iter().map(|row| row.bytes().map(|c| map.iter().find(|m| m.0 == c).map_or(c, |m| m.1)).collect()).collect()
    };
    let plain = |art: &[&str; 8]| recolor(art, &[]);
    let cells: Vec<Vec<Vec<u8>>> = vec![
        plain(&FLOOR),
        plain(&WALL),
        plain(&CRATE),
        recolor(&CRATE, &[(b'Y', b'g'), (b'y', b'g'), (b'o', b'G'), (b'w', b't')]),
        recolor(&CRATE, &[(b'Y', b'r'), (b'y', b'r'), (b'o', b'R'), (b'w', b'q')]),
        plain(&GEM),
        plain(&P_DOWN),
        plain(&P_DOWN_W),
        plain(&P_SIDE),
        plain(&P_SIDE_W),
        plain(&P_UP),
        plain(&P_UP_W),
        plain(&STAR),
        recolor(&STAR, &[(b'Y', b'n')]),
        plain(&LOCK),
    ];
    let width = 8 * CELLS;
    let mut pixels = vec![0u8; width * 8];
    for (n, cell) in cells.iter().enumerate() {
        for (y, row) in cell.iter().enumerate() {
            assert!(row.len() == 8, "cratemate: sprite {} row {} is {} pixels wide, not 8", n, y, row.len());
            for (x, &c) in row.iter().enumerate() {
                pixels[y * width + n * 8 + x] = palette_index(c);
            }
        }
    }
    let palette: Vec<Color> = PALETTE.iter().map(|p| Color(p.1)).collect();
    SpriteSheet::new(Image::indexed(&pixels, width as u32, 8, 8, &palette), 8, 8)
}

/// The backdrop: diagonal stripes 8 px wide, 1 bit per pixel, 336 wide so it
/// can scroll by one period (16 px). Each row is one of 16 phases, made once.
fn build_backdrop() -> Image {
    const WIDTH: usize = 336;
    const STRIDE: usize = WIDTH / 8;
    let mut phases = [[0u8; STRIDE]; 16];
    for (y, row) in phases.iter_mut().enumerate() {
        for x in 0..WIDTH {
            if ((x + y) / 8) % 2 == 1 {
                row[x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let mut pixels = Vec::with_capacity(STRIDE * 240);
    for y in 0..240 {
        pixels.extend_from_slice(&phases[y % 16]);
    }
    Image::indexed(&pixels, WIDTH as u32, 240, 1, &[Color::hex(0x120e1c), Color::hex(0x17132a)])
}

// ---------------------------------------------------------------------------
// The board
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Dir {
    Up,
    Down,
    Left,
    Right,
}

impl Dir {
    const ALL: [Dir; 4] = [Dir::Up, Dir::Down, Dir::Left, Dir::Right];
    fn delta(self) -> (i32, i32) {
        match self {
            Dir::Up => (0, -1),
            Dir::Down => (0, 1),
            Dir::Left => (-1, 0),
            Dir::Right => (1, 0),
        }
    }
}

const OUTSIDE: u8 = 0;
const FLOOR_CELL: u8 = 1;
const WALL_CELL: u8 = 2;

#[derive(Clone)]
struct Snap {
    player: i32,
    crates: Vec<i32>,
    facing: Dir,
    moves: u32,
    pushes: u32,
}

struct Board {
    w: i32,
    h: i32,
    cells: Vec<u8>,
    goals: Vec<bool>,
    start: Snap,
    player: i32,
    player_from: i32,
    crates: Vec<i32>,
    crates_from: Vec<i32>,
    facing: Dir,
    moves: u32,
    pushes: u32,
    undo: Vec<Snap>,
    /// Frames left of the current step's glide.
    anim: u32,
    /// Frames left of a bump against a wall.
    bump: u32,
    /// The crate pushed by the current step.
    pushed: Option<usize>,
    /// Per crate: can never reach a goal any more.
    dead: Vec<bool>,
    // layout
    tile: f32,
    ox: f32,
    oy: f32,
}

impl Board {
    fn new(level: &Level) -> Board {
        let h = level.rows.len() as i32;
        let w = level.rows.iter().map(|r| r.len()).max().unwrap_or(0) as i32;
        let mut cells = vec![OUTSIDE; (w * h) as usize];
        let mut goals = vec![false; (w * h) as usize];
        let mut crates = Vec::new();
        let mut player = 0;
        for (y, row) in level.rows.iter().enumerate() {
            for (x, c) in row.bytes().enumerate() {
                let i = y * w as usize + x;
                match c {
                    b'#' => cells[i] = WALL_CELL,
                    b'.' | b'*' | b'+' => goals[i] = true,
                    _ => {}
                }
                if c == b'$' || c == b'*' {
                    crates.push(i as i32);
                }
                if c == b'@' || c == b'+' {
                    player = i as i32;
                }
            }
        }
        // The inside is what the player could reach with no crates in the way.
        let mut todo = vec![player];
        cells[player as usize] = FLOOR_CELL;
        while let Some(i) = todo.pop() {
            let (x, y) = (i % w, i / w);
            for d in Dir::ALL {
                let (dx, dy) = d.delta();
                let (nx, ny) = (x + dx, y + dy);
                if nx >= 0 && ny >= 0 && nx < w && ny < h {
                    let j = (ny * w + nx) as usize;
                    if cells[j] == OUTSIDE {
                        cells[j] = FLOOR_CELL;
                        todo.push(j as i32);
                    }
                }
            }
        }
        let scale = if w * 24 <= W as i32 && h * 24 <= AREA_H as i32 { 3.0 } else { 2.0 };
        let tile = 8.0 * scale;
        let ox = ((W - w as f32 * tile) / 2.0).floor();
        let oy = (AREA_Y + (AREA_H - h as f32 * tile) / 2.0).floor();
        let start = Snap { player, crates: crates.clone(), facing: Dir::Down, moves: 0, pushes: 0 };
        let n = crates.len();
        Board {
            w,
            h,
            cells,
            goals,
            start,
            player,
            player_from: player,
            crates_from: crates.clone(),
            crates,
            facing: Dir::Down,
            moves: 0,
            pushes: 0,
            undo: Vec::new(),
            anim: 0,
            bump: 0,
            pushed: None,
            dead: vec![false; n],
            tile,
            ox,
            oy,
        }
    }

    fn at(&self, i: i32, d: Dir) -> Option<i32> {
        let (dx, dy) = d.delta();
        let (x, y) = (i % self.w + dx, i / self.w + dy);
        if x < 0 || y < 0 || x >= self.w || y >= self.h {
            None
        } else {
            Some(y * self.w + x)
        }
    }

    fn blocked(&self, i: Option<i32>) -> bool {
        i.map_or(true, |i| self.cells[i as usize] != FLOOR_CELL)
    }

    fn crate_at(&self, i: i32) -> Option<usize> {
        self.crates.iter().position(|&c| c == i)
    }

    fn solved(&self) -> bool {
        self.crates.iter().all(|&c| self.goals[c as usize])
    }

    fn snap(&self) -> Snap {
        Snap { player: self.player, crates: self.crates.clone(), facing: self.facing, moves: self.moves, pushes: self.pushes }
    }

    fn restore(&mut self, s: &Snap) {
        self.player = s.player;
        self.player_from = s.player;
        self.crates = s.crates.clone();
        self.crates_from = s.crates.clone();
        self.facing = s.facing;
        self.moves = s.moves;
        self.pushes = s.pushes;
        self.anim = 0;
        self.bump = 0;
        self.pushed = None;
        self.update_dead();
    }

    /// A crate off its goal is stuck in a corner, or in a 2×2 block of walls and crates.
    fn update_dead(&mut self) {
        let solid = |b: &Board, i: Option<i32>| i.map_or(true, |i| b.cells[i as usize] != FLOOR_CELL || b.crate_at(i).is_some());
        let mut dead = vec![false; self.crates.len()];
        for (k, &c) in self.crates.iter().enumerate() {
            let wall = |d| self.blocked(self.at(c, d));
            if !self.goals[c as usize] && (wall(Dir::Up) || wall(Dir::Down)) && (wall(Dir::Left) || wall(Dir::Right)) {
                dead[k] = true;
            }
            // 2×2 squares holding this crate
            for (dv, dh) in [(Dir::Up, Dir::Left), (Dir::Up, Dir::Right), (Dir::Down, Dir::Left), (Dir::Down, Dir::Right)] {
                let v = self.at(c, dv);
                let hz = self.at(c, dh);
                let diag = v.and_then(|v| self.at(v, dh));
                if solid(self, v) && solid(self, hz) && solid(self, diag) {
                    let square = [Some(c), v, hz, diag];
                    let off_goal = square.iter().any(|i| i.map_or(false, |i| self.crate_at(i).is_some() && !self.goals[i as usize]));
                    if off_goal {
                        for i in square.iter().flatten() {
                            if let Some(j) = self.crate_at(*i) {
                                if !self.goals[*i as usize] {
                                    dead[j] = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        self.dead = dead;
    }

    /// Shortest walk (no pushing) to `target`, as directions in order.
    fn path_to(&self, target: i32) -> Option<Vec<Dir>> {
        let n = (self.w * self.h) as usize;
        let mut came: Vec<Option<(i32, Dir)>> = vec![None; n];
        let mut seen = vec![false; n];
        let mut queue = std::collections::VecDeque::new();
        seen[self.player as usize] = true;
        queue.push_back(self.player);
        while let Some(i) = queue.pop_front() {
            if i == target {
                let mut path = Vec::new();
                let mut j = i;
                while let Some((from, d)) = came[j as usize] {
                    path.push(d);
                    j = from;
                }
                path.reverse();
                return Some(path);
            }
            for d in Dir::ALL {
                if let Some(j) = self.at(i, d) {
                    if !seen[j as usize] && !self.blocked(Some(j)) && self.crate_at(j).is_none() {
                        seen[j as usize] = true;
                        came[j as usize] = Some((i, d));
                        queue.push_back(j);
                    }
                }
            }
        }
        None
    }

    fn cell_xy(&self, i: i32) -> (f32, f32) {
        (self.ox + (i % self.w) as f32 * self.tile, self.oy + (i / self.w) as f32 * self.tile)
    }

    /// The cell under a screen point, if it is on the board.
    fn cell_at(&self, x: f32, y: f32) -> Option<i32> {
        let (cx, cy) = (((x - self.ox) / self.tile).floor(), ((y - self.oy) / self.tile).floor());
        if cx < 0.0 || cy < 0.0 || cx >= self.w as f32 || cy >= self.h as f32 {
            None
        } else {
            Some(cy as i32 * self.w + cx as i32)
        }
    }

    /// Glide progress 0..1 of the current step, eased.
    fn progress(&self) -> f32 {
        let t = 1.0 - self.anim as f32 / STEP_FRAMES as f32;
        t * t * (3.0 - 2.0 * t)
    }

    fn lerp_cell(&self, from: i32, to: i32) -> (f32, f32) {
        let (a, b) = (self.cell_xy(from), self.cell_xy(to));
        let t = self.progress();
        (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
    }
}

// ---------------------------------------------------------------------------
// Sound
// ---------------------------------------------------------------------------

fn snd_step(n: u32) {
    let f = if n % 2 == 0 { 190.0 } else { 160.0 };
    Tone::new(f).duration(0.02).volume(0.16).wave(Wave::Triangle).envelope(0.002, 0.02, 0.3, 0.03).play(0);
}
fn snd_push() {
    Tone::new(140.0).to(70.0).duration(0.08).volume(0.3).wave(Wave::Noise).envelope(0.002, 0.05, 0.4, 0.04).play(1);
    Tone::new(95.0).to(75.0).duration(0.06).volume(0.18).wave(Wave::Square(0.5)).play(2);
}
fn snd_bump() {
    Tone::new(75.0).duration(0.04).volume(0.25).wave(Wave::Square(0.5)).envelope(0.001, 0.03, 0.2, 0.03).play(0);
}
fn snd_goal() {
    Tone::new(880.0).to(1320.0).duration(0.09).volume(0.25).wave(Wave::Sine).envelope(0.002, 0.05, 0.6, 0.12).play(3);
}
fn snd_undo() {
    Tone::new(520.0).to(260.0).duration(0.06).volume(0.18).wave(Wave::Triangle).play(0);
}
fn snd_restart() {
    Tone::new(420.0).to(110.0).duration(0.18).volume(0.22).wave(Wave::Sawtooth).play(1);
}
fn snd_menu() {
    Tone::new(660.0).duration(0.025).volume(0.14).wave(Wave::Square(0.25)).play(4);
}
fn snd_ok() {
    Tone::new(660.0).to(990.0).duration(0.06).volume(0.2).wave(Wave::Square(0.25)).play(4);
}
fn snd_denied() {
    Tone::new(160.0).to(110.0).duration(0.12).volume(0.22).wave(Wave::Square(0.5)).play(4);
}

/// A note the sequencer plays on a later frame.
#[derive(Clone, Copy)]
struct Note {
    frame: u32,
    channel: u32,
    tone: Tone,
}

// ---------------------------------------------------------------------------
// The game
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Screen {
    Title,
    Select,
    Play,
    Clear,
    Complete,
}

#[derive(Clone, Copy)]
struct Particle {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
    life: u32,
    max: u32,
    color: Color,
    /// Drawn as a spinning star sprite (else a square).
    star: bool,
    angle: f32,
    spin: f32,
}

/// What one frame's input asks for, from keys, mouse and gamepads alike.
#[derive(Default)]
struct Act {
    /// A direction pressed this frame.
    dir: Option<Dir>,
    /// A direction held now.
    held: Option<Dir>,
    confirm: bool,
    undo: bool,
    restart: bool,
    menu: bool,
    click: Option<(f32, f32)>,
    /// The pointer moved this frame (hovering picks menu items).
    moved: bool,
}

struct Clear {
    moves: u32,
    stars: u32,
    new_best: bool,
    finished_all: bool,
}

struct CrateMate {
    sheet: SpriteSheet,
    backdrop: Image,
    rng: Rng,
    t: u32,
    screen: Screen,
    screen_t: u32,
    /// Best move count per level (0: not solved yet).
    best: [u32; N],
    title_sel: usize,
    select_sel: usize,
    level: usize,
    board: Board,
    stuck: bool,
    path: Vec<Dir>,
    queued: Option<Dir>,
    hold_frames: u32,
    particles: Vec<Particle>,
    notes: Vec<Note>,
    pointer_pos: (f32, f32),
    pointer_seen: bool,
    stick: Option<Dir>,
    clear: Clear,
    /// Frames left of the level's title card.
    intro: u32,
}

/// Menu rows on the title screen.
const TITLE_ITEMS: [(f32, f32); 2] = [(150.0, 14.0), (170.0, 14.0)];
/// Buttons on the bar under the board: (x, label, key hint).
const BUTTONS: [(f32, &str); 3] = [(8.0, "Z UNDO"), (120.0, "R RESTART"), (232.0, "TAB LEVELS")];
const BUTTON_W: f32 = 80.0;
/// The level select grid.
const GRID_COLS: usize = 4;
const GRID_X: f32 = 20.0;
const GRID_Y: f32 = 44.0;
const CARD_W: f32 = 64.0;
const CARD_H: f32 = 50.0;
const CARD_GAP: f32 = 8.0;

const TEXT: Color = Color::hex(0xf4f4f4);
const DIM: Color = Color::hex(0x9aa3b8);
const GOLD: Color = Color::hex(0xffd36a);
const GOOD: Color = Color::hex(0x9be564);
const PANEL: Color = Color::rgba(0x0c, 0x0a, 0x14, 0xe8);

fn inside(p: (f32, f32), x: f32, y: f32, w: f32, h: f32) -> bool {
    p.0 >= x && p.0 < x + w && p.1 >= y && p.1 < y + h
}

fn card_rect(i: usize) -> (f32, f32) {
    let (c, r) = (i % GRID_COLS, i / GRID_COLS);
    (GRID_X + c as f32 * (CARD_W + CARD_GAP), GRID_Y + r as f32 * (CARD_H + CARD_GAP))
}

fn outline(x: f32, y: f32, w: f32, h: f32, t: f32, color: Color) {
    sdk::rect(x, y, w, t, color);
    sdk::rect(x, y + h - t, w, t, color);
    sdk::rect(x, y, t, h, color);
    sdk::rect(x + w - t, y, t, h, color);
}

fn shadow_text(s: &str, cx: f32, y: f32, size: f32, color: Color) {
    sdk::text_centered(s, cx + 1.0, y + 1.0, size, Color::hex(0x000000).with_alpha(0xc0));
    sdk::text_centered(s, cx, y, size, color);
}

impl CrateMate {
    fn solved_count(&self) -> usize {
        self.best.iter().filter(|&&b| b > 0).count()
    }

    fn total_stars(&self) -> u32 {
        self.best.iter().zip(LEVELS.iter()).map(|(&b, l)| stars_for(b, l.par)).sum()
    }

    /// Open levels: every solved one, and up to two past the number solved.
    fn is_open(&self, i: usize) -> bool {
        self.best[i] > 0 || i <= self.solved_count() + 1
    }

    fn first_unsolved(&self) -> Option<usize> {
        self.best.iter().position(|&b| b == 0)
    }

    fn save(&self) {
        let mut data = Vec::with_capacity(4 + 2 * N);
        data.extend_from_slice(&self.total_stars().to_le_bytes());
        for &b in self.best.iter() {
            data.extend_from_slice(&(b.min(65535) as u16).to_le_bytes());
        }
        Save::write(&data);
    }

    fn go(&mut self, screen: Screen) {
        self.screen = screen;
        self.screen_t = 0;
    }

    fn start_level(&mut self, i: usize) {
        self.level = i;
        self.board = Board::new(&LEVELS[i]);
        self.stuck = false;
        self.path.clear();
        self.queued = None;
        self.hold_frames = 0;
        self.particles.clear();
        self.intro = 80;
        self.play(0, 6, Tone::new(392.0).duration(0.05).volume(0.15).wave(Wave::Square(0.25)));
        self.play(6, 6, Tone::new(587.33).duration(0.08).volume(0.15).wave(Wave::Square(0.25)));
        self.go(Screen::Play);
        sdk::log!("cratemate: level {} \"{}\" (par {})", i + 1, LEVELS[i].name, LEVELS[i].par);
    }

    fn play(&mut self, at: u32, channel: u32, tone: Tone) {
        self.notes.push(Note { frame: self.t + at, channel, tone });
    }

    fn jingle(&mut self, freqs: &[f32], gap: u32, wave: Wave, channel: u32) {
        for (k, &f) in freqs.iter().enumerate() {
            let last = k + 1 == freqs.len();
            let tone = Tone::new(f).duration(if last { 0.25 } else { 0.07 }).volume(0.22).wave(wave).envelope(0.003, 0.05, 0.6, if last { 0.3 } else { 0.05 });
            self.play(k as u32 * gap, channel, tone);
        }
    }

    fn burst(&mut self, x: f32, y: f32, n: u32, colors: &[Color], star: bool) {
        for _ in 0..n {
            let a = self.rng.range_f32(0.0, std::f32::consts::PI * 2.0);
            let v = self.rng.range_f32(30.0, 110.0);
            let life = self.rng.range(25, 50) as u32;
            let color = colors[self.rng.below(colors.len() as u32) as usize];
            let spin = self.rng.range_f32(-0.3, 0.3);
            self.particles.push(Particle { x, y, vx: a.cos() * v, vy: a.sin() * v - 40.0, life, max: life, color, star, angle: a, spin });
        }
    }

    // -- input ----------------------------------------------------------------

    fn read_input(&mut self, input: &Input) -> Act {
        let mut act = Act::default();
        let key_dirs: [(Dir, [u32; 2]); 4] =
            [(Dir::Up, [keys::UP, keys::W]), (Dir::Down, [keys::DOWN, keys::S]), (Dir::Left, [keys::LEFT, keys::A]), (Dir::Right, [keys::RIGHT, keys::D])];
        for (d, ks) in key_dirs.iter() {
            if input.any_pressed(ks) {
                act.dir = Some(*d);
            }
            if input.any_held(ks) {
                act.held = Some(*d);
            }
        }
        act.confirm = input.any_pressed(&[keys::ENTER, keys::SPACE]);
        act.undo = input.any_pressed(&[keys::letter(b'Z'), keys::BACKSPACE, keys::letter(b'U')]);
        act.restart = input.pressed(keys::R);
        act.menu = input.any_pressed(&[keys::TAB, keys::letter(b'M')]);

        let pad_dirs = [(Dir::Up, button::UP), (Dir::Down, button::DOWN), (Dir::Left, button::LEFT), (Dir::Right, button::RIGHT)];
        let mut stick = None;
        for n in 0..4 {
            let pad = gamepad(n);
            if !pad.connected {
                continue;
            }
            for &(d, b) in pad_dirs.iter() {
                if pad.pressed(b) {
                    act.dir = Some(d);
                }
                if pad.held(b) {
                    act.held = Some(d);
                }
            }
            let (ax, ay) = (pad.axes[0], pad.axes[1]);
            if ax.abs() >= 0.5 || ay.abs() >= 0.5 {
                stick = Some(if ax.abs() > ay.abs() {
                    if ax > 0.0 {
                        Dir::Right
                    } else {
                        Dir::Left
                    }
                } else if ay > 0.0 {
                    Dir::Down
                } else {
                    Dir::Up
                });
            }
            act.confirm |= pad.pressed(button::A);
            act.undo |= pad.pressed(button::B);
            act.restart |= pad.pressed(button::Y) || pad.pressed(button::X);
            act.menu |= pad.pressed(button::START) || pad.pressed(button::SELECT);
        }
        if stick.is_some() {
            if stick != self.stick {
                act.dir = stick;
            }
            act.held = act.held.or(stick);
        }
        self.stick = stick;

        let p = pointer();
        if (p.x, p.y) != self.pointer_pos {
            self.pointer_pos = (p.x, p.y);
            self.pointer_seen = true;
            act.moved = true;
        }
        if p.pressed(0) {
            self.pointer_seen = true;
            act.click = Some((p.x, p.y));
        }
        act
    }

    // -- screens ----------------------------------------------------------------

    fn update_title(&mut self, act: &Act) {
        if act.moved {
            for (k, &(y, h)) in TITLE_ITEMS.iter().enumerate() {
                if inside(self.pointer_pos, 90.0, y - 2.0, 140.0, h + 4.0) && self.title_sel != k {
                    self.title_sel = k;
                    snd_menu();
                }
            }
        }
        match act.dir {
            Some(Dir::Up) | Some(Dir::Down) => {
                self.title_sel = 1 - self.title_sel;
                snd_menu();
            }
            _ => {}
        }
        let mut chosen = act.confirm;
        if let Some(c) = act.click {
            for (k, &(y, h)) in TITLE_ITEMS.iter().enumerate() {
                if inside(c, 90.0, y - 2.0, 140.0, h + 4.0) {
                    self.title_sel = k;
                    chosen = true;
                }
            }
        }
        if act.menu {
            self.title_sel = 1;
            chosen = true;
        }
        if chosen {
            snd_ok();
            match (self.title_sel, self.first_unsolved()) {
                (0, Some(i)) => {
                    sdk::log!("cratemate: new game ({} of {} levels solved, {} stars)", self.solved_count(), N, self.total_stars());
                    self.start_level(i);
                }
                _ => {
                    self.select_sel = self.first_unsolved().unwrap_or(0);
                    self.go(Screen::Select);
                }
            }
        }
    }

    fn update_select(&mut self, act: &Act) {
        if act.moved {
            for i in 0..N {
                let (x, y) = card_rect(i);
                if inside(self.pointer_pos, x, y, CARD_W, CARD_H) && self.select_sel != i {
                    self.select_sel = i;
                    snd_menu();
                }
            }
        }
        if let Some(d) = act.dir {
            let (c, r) = ((self.select_sel % GRID_COLS) as i32, (self.select_sel / GRID_COLS) as i32);
            let rows = ((N + GRID_COLS - 1) / GRID_COLS) as i32;
            let (dx, dy) = d.delta();
            let (nc, nr) = ((c + dx).rem_euclid(GRID_COLS as i32), (r + dy).rem_euclid(rows));
            let n = (nr as usize) * GRID_COLS + nc as usize;
            if n < N {
                self.select_sel = n;
                snd_menu();
            }
        }
        let mut chosen = act.confirm;
        if let Some(c) = act.click {
            for i in 0..N {
                let (x, y) = card_rect(i);
                if inside(c, x, y, CARD_W, CARD_H) {
                    self.select_sel = i;
                    chosen = true;
                }
            }
            if inside(c, 8.0, BAR_Y, 80.0, 14.0) {
                self.go(Screen::Title);
                snd_menu();
                return;
            }
        }
        if act.menu || act.undo {
            snd_menu();
            self.go(Screen::Title);
            return;
        }
        if chosen {
            if self.is_open(self.select_sel) {
                snd_ok();
                sdk::log!("cratemate: new game ({} of {} levels solved, {} stars)", self.solved_count(), N, self.total_stars());
                self.start_level(self.select_sel);
            } else {
                snd_denied();
            }
        }
    }

    fn try_move(&mut self, d: Dir) -> bool {
        let b = &mut self.board;
        b.facing = d;
        let next = b.at(b.player, d);
        if b.blocked(next) {
            b.bump = 5;
            snd_bump();
            return false;
        }
        let next = next.unwrap_or(b.player);
        let snap = b.snap();
        b.player_from = b.player;
        b.crates_from = b.crates.clone();
        b.pushed = None;
        if let Some(k) = b.crate_at(next) {
            let beyond = b.at(next, d);
            if b.blocked(beyond) || beyond.map_or(true, |i| b.crate_at(i).is_some()) {
                b.bump = 5;
                snd_bump();
                return false;
            }
            let to = beyond.unwrap_or(next);
            b.crates[k] = to;
            b.pushes += 1;
            b.pushed = Some(k);
            snd_push();
            if b.goals[to as usize] {
                snd_goal();
            }
        } else {
            snd_step(b.moves);
        }
        b.undo.push(snap);
        b.player = next;
        b.moves += 1;
        b.anim = STEP_FRAMES;
        true
    }

    /// A step just ended: a landed crate sparkles, a solved board is cleared, a dead crate is reported.
    fn arrived(&mut self) {
        if let Some(k) = self.board.pushed.take() {
            let c = self.board.crates[k];
            if self.board.goals[c as usize] {
                let (x, y) = self.board.cell_xy(c);
                let half = self.board.tile / 2.0;
                self.burst(x + half, y + half, 10, &[GOOD, Color::hex(0x3a9d5d), TEXT], false);
            }
        }
        self.board.update_dead();
        if self.board.solved() {
            self.level_solved();
            return;
        }
        let stuck = self.board.dead.iter().any(|&d| d);
        if stuck && !self.stuck {
            sdk::log!("cratemate: stuck on level {} after {} moves (a crate can no longer reach a goal)", self.level + 1, self.board.moves);
            self.play(0, 5, Tone::new(392.0).duration(0.1).volume(0.22).wave(Wave::Square(0.5)));
            self.play(8, 5, Tone::new(330.0).duration(0.1).volume(0.22).wave(Wave::Square(0.5)));
            self.play(16, 5, Tone::new(233.0).to(180.0).duration(0.3).volume(0.22).wave(Wave::Square(0.5)).envelope(0.003, 0.1, 0.6, 0.2));
            self.path.clear();
        }
        self.stuck = stuck;
    }

    fn level_solved(&mut self) {
        let moves = self.board.moves;
        let par = LEVELS[self.level].par;
        let before_all = self.first_unsolved().is_none();
        let old = self.best[self.level];
        let new_best = old == 0 || moves < old;
        if new_best {
            self.best[self.level] = moves;
            self.save();
        }
        let finished_all = !before_all && self.first_unsolved().is_none();
        let stars = stars_for(moves, par);
        self.clear = Clear { moves, stars, new_best, finished_all };
        sdk::log!(
            "cratemate: level {} solved in {} moves, {} pushes (par {}, {} stars, best {}); {} stars in all",
            self.level + 1,
            moves,
            self.board.pushes,
            par,
            stars,
            self.best[self.level],
            self.total_stars()
        );
        self.jingle(&[523.25, 659.25, 783.99, 1046.5], 5, Wave::Square(0.25), 6);
        self.path.clear();
        self.queued = None;
        self.go(Screen::Clear);
    }

    fn undo(&mut self) {
        if let Some(s) = self.board.undo.pop() {
            self.board.restore(&s);
            self.stuck = self.board.dead.iter().any(|&d| d);
            snd_undo();
        } else {
            snd_denied();
        }
    }

    fn restart(&mut self) {
        let b = &mut self.board;
        if b.moves == 0 && b.anim == 0 {
            return;
        }
        let snap = b.snap();
        b.undo.push(snap);
        let start = b.start.clone();
        b.restore(&start);
        self.stuck = false;
        snd_restart();
        sdk::log!("cratemate: level {} restarted", self.level + 1);
    }

    fn update_play(&mut self, act: &Act) {
        self.intro = self.intro.saturating_sub(1);
        if self.board.moves > 0 {
            self.intro = self.intro.min(12);
        }
        if self.board.bump > 0 {
            self.board.bump -= 1;
        }
        if self.board.anim > 0 {
            self.board.anim -= 1;
            if self.board.anim == 0 {
                self.arrived();
                if self.screen != Screen::Play {
                    return;
                }
            }
        }
        let mut undo = act.undo;
        let mut restart = act.restart;
        let mut menu = act.menu;
        if let Some(c) = act.click {
            let mut on_button = false;
            for (k, &(x, _)) in BUTTONS.iter().enumerate() {
                if inside(c, x, BAR_Y, BUTTON_W, 14.0) {
                    on_button = true;
                    match k {
                        0 => undo = true,
                        1 => restart = true,
                        _ => menu = true,
                    }
                }
            }
            if !on_button {
                self.click_board(c);
            }
        }
        if menu {
            snd_menu();
            self.select_sel = self.level;
            self.go(Screen::Select);
            return;
        }
        if undo {
            self.path.clear();
            self.queued = None;
            self.undo();
            return;
        }
        if restart {
            self.path.clear();
            self.queued = None;
            self.restart();
            return;
        }
        if let Some(d) = act.dir {
            self.path.clear();
            self.hold_frames = 0;
            if self.board.anim == 0 {
                self.try_move(d);
            } else {
                self.queued = Some(d);
            }
            return;
        }
        match act.held {
            Some(_) => self.hold_frames += 1,
            None => self.hold_frames = 0,
        }
        if self.board.anim == 0 {
            if let Some(d) = self.queued.take() {
                self.try_move(d);
            } else if !self.path.is_empty() {
                let d = self.path.remove(0);
                if !self.try_move(d) {
                    self.path.clear();
                }
            } else if let (Some(d), true) = (act.held, self.hold_frames >= HOLD_DELAY) {
                if !self.try_move(d) {
                    self.hold_frames = 0;
                }
            }
        }
    }

    /// A click on the board: next to the player moves (or pushes) that way; a free floor tile is walked to.
    fn click_board(&mut self, c: (f32, f32)) {
        let b = &self.board;
        let target = match b.cell_at(c.0, c.1) {
            Some(t) => t,
            None => return,
        };
        for d in Dir::ALL {
            if b.at(b.player, d) == Some(target) {
                self.path.clear();
                if b.anim == 0 {
                    self.try_move(d);
                } else {
                    self.queued = Some(d);
                }
                return;
            }
        }
        if b.cells[target as usize] == FLOOR_CELL && b.crate_at(target).is_none() && target != b.player {
            match b.path_to(target) {
                Some(p) => self.path = p,
                None => snd_denied(),
            }
        }
    }

    fn update_clear(&mut self, act: &Act) {
        for k in 0..self.clear.stars {
            if self.screen_t == 18 + k * 10 {
                self.play(0, 7, Tone::new(1046.5 + 260.0 * k as f32).duration(0.05).volume(0.2).wave(Wave::Sine).envelope(0.002, 0.04, 0.5, 0.15));
                self.burst(W / 2.0 - 30.0 + 30.0 * k as f32, 118.0, 6, &[Color::WHITE, Color::hex(0xfff4c8)], true);
            }
        }
        if self.screen_t < 40 {
            return;
        }
        if act.restart {
            self.start_level(self.level);
            return;
        }
        if act.undo {
            // back to the board one move before the end, to try for fewer moves
            self.particles.clear();
            self.go(Screen::Play);
            self.undo();
            return;
        }
        if act.menu {
            self.select_sel = self.level;
            self.go(Screen::Select);
            return;
        }
        if act.confirm || act.click.is_some() {
            snd_ok();
            if self.clear.finished_all {
                sdk::log!("cratemate: game complete, all {} levels solved with {} of {} stars", N, self.total_stars(), MAX_STARS);
                self.jingle(&[523.25, 659.25, 783.99, 1046.5, 783.99, 1046.5, 1318.5], 7, Wave::Square(0.5), 6);
                self.play(0, 7, Tone::new(261.63).duration(0.9).volume(0.18).wave(Wave::Triangle).envelope(0.01, 0.2, 0.7, 0.5));
                self.go(Screen::Complete);
                return;
            }
            let next = (self.level + 1..N).chain(0..self.level).find(|&i| self.best[i] == 0).unwrap_or((self.level + 1) % N);
            self.start_level(next);
        }
    }

    fn update_complete(&mut self, act: &Act) {
        if self.screen_t % 6 == 0 {
            let x = self.rng.range_f32(10.0, W - 10.0);
            let colors = [Color::WHITE, Color::hex(0xd8ffb0), Color::hex(0xc8f4ff), Color::hex(0xffd0e8)];
            let color = colors[self.rng.below(4) as usize];
            let spin = self.rng.range_f32(-0.15, 0.15);
            let vx = self.rng.range_f32(-15.0, 15.0);
            self.particles.push(Particle { x, y: -8.0, vx, vy: 40.0, life: 200, max: 200, color, star: true, angle: 0.0, spin });
        }
        if self.screen_t >= 60 && (act.confirm || act.click.is_some() || act.menu) {
            snd_ok();
            self.particles.clear();
            self.title_sel = 0;
            self.go(Screen::Title);
        }
    }

    fn update_effects(&mut self, dt: f32) {
        let due: Vec<Note> = self.notes.iter().filter(|n| n.frame <= self.t).copied().collect();
        self.notes.retain(|n| n.frame > self.t);
        for n in due {
            n.tone.play(n.channel);
        }
        for p in self.particles.iter_mut() {
            p.x += p.vx * dt;
            p.y += p.vy * dt;
            if !(p.star && self.screen == Screen::Complete) {
                p.vy += 160.0 * dt;
            }
            p.angle += p.spin;
            p.life = p.life.saturating_sub(1);
        }
        self.particles.retain(|p| p.life > 0 && p.y < H + 16.0);
    }

    // -- drawing ------------------------------------------------------------------

    fn draw_backdrop(&self, scroll: bool) {
        let off = if scroll { (self.t / 3 % 16) as f32 } else { 0.0 };
        self.backdrop.at(-off, 0.0).draw();
    }

    fn player_sprite(&self, facing: Dir, walking: bool, step: u32) -> (u32, bool) {
        let base = match facing {
            Dir::Down => S_DOWN,
            Dir::Up => S_UP,
            _ => S_SIDE,
        };
        let flip = match facing {
            Dir::Left => true,
            Dir::Right => false,
            _ => walking && step % 2 == 1,
        };
        (base + walking as u32, flip)
    }

    fn draw_board(&self) {
        let b = &self.board;
        let s = b.tile;
        let k = s / 8.0;
        // floor, with a shadow under walls
        for i in 0..b.w * b.h {
            let (x, y) = b.cell_xy(i);
            match b.cells[i as usize] {
                FLOOR_CELL => {
                    self.sheet.sprite(S_FLOOR).at(x, y).size(s, s).draw();
                    if b.at(i, Dir::Up).map_or(false, |u| b.cells[u as usize] == WALL_CELL) {
                        sdk::rect(x, y, s, 2.0 * k, Color::rgba(0, 0, 0, 0x50));
                    }
                }
                WALL_CELL => self.sheet.sprite(S_WALL).at(x, y).size(s, s).draw(),
                _ => {}
            }
        }
        // goals not covered by a crate: a spinning gem
        for i in 0..b.w * b.h {
            if b.goals[i as usize] && b.crates.iter().all(|&c| c != i) {
                let (x, y) = b.cell_xy(i);
                let pulse = 0.75 + 0.08 * ((self.t as f32) * 0.1).sin();
                self.sheet.sprite(S_GEM).at(x + s / 2.0, y + s / 2.0).size(s * pulse, s * pulse).centered().rotate(self.t as f32 * 0.035).draw();
            }
        }
        // crates, gliding and wobbling while pushed
        for (n, &c) in b.crates.iter().enumerate() {
            let moving = b.anim > 0 && b.pushed == Some(n);
            let (x, y) = if moving { b.lerp_cell(b.crates_from[n], c) } else { b.cell_xy(c) };
            let cell = if b.dead[n] && self.stuck {
                S_CRATE_BAD
            } else if b.goals[c as usize] && !moving {
                S_CRATE_OK
            } else {
                S_CRATE
            };
            sdk::rect(x + k, y + k, s, s, Color::rgba(0, 0, 0, 0x60));
            let wobble = if moving {
                let t = b.progress();
                let side = match b.facing {
                    Dir::Left | Dir::Up => -1.0,
                    _ => 1.0,
                };
                (t * std::f32::consts::PI).sin() * 0.12 * side
            } else {
                0.0
            };
            self.sheet.sprite(cell).at(x + s / 2.0, y + s / 2.0).size(s, s).centered().rotate(wobble).draw();
        }
        // the player
        let (mut x, mut y) = if b.anim > 0 { b.lerp_cell(b.player_from, b.player) } else { b.cell_xy(b.player) };
        if b.bump > 0 {
            let (dx, dy) = b.facing.delta();
            let nudge = (b.bump as f32 / 5.0) * k * 1.5;
            x += dx as f32 * nudge;
            y += dy as f32 * nudge;
        }
        let walking = b.anim > 0 && b.anim <= STEP_FRAMES / 2 + 1;
        let (cell, flip) = self.player_sprite(b.facing, walking, b.moves);
        let bob = if walking { -k } else { 0.0 };
        let sprite = self.sheet.sprite(cell).at(x, y + bob).size(s, s);
        if flip {
            sprite.flip_x().draw()
        } else {
            sprite.draw()
        }
        // where a click would go
        if self.pointer_seen && self.screen == Screen::Play {
            if let Some(i) = b.cell_at(self.pointer_pos.0, self.pointer_pos.1) {
                if b.cells[i as usize] == FLOOR_CELL && i != b.player {
                    let (cx, cy) = b.cell_xy(i);
                    let adjacent = Dir::ALL.iter().any(|&d| b.at(b.player, d) == Some(i));
                    let color = if adjacent && b.crate_at(i).is_some() { GOLD } else { TEXT };
                    outline(cx, cy, s, s, 1.0, color.with_alpha(0xa0));
                }
            }
        }
    }

    fn draw_particles(&self) {
        for p in &self.particles {
            // opaque for most of its life, fading out over the last 40%
            let a = ((p.life as f32 / (p.max as f32 * 0.4)).min(1.0) * 255.0) as u8;
            if p.star {
                self.sheet.sprite(S_STAR).at(p.x, p.y).size(8.0, 8.0).centered().rotate(p.angle).tint(p.color.with_alpha(a)).draw();
            } else {
                sdk::rect(p.x - 1.0, p.y - 1.0, 2.0, 2.0, p.color.with_alpha(a));
            }
        }
    }

    fn draw_stars(&self, cx: f32, y: f32, earned: u32, size: f32) {
        for k in 0..3 {
            let cell = if k < earned { S_STAR } else { S_STAR_DIM };
            self.sheet.sprite(cell).at(cx + (k as f32 - 1.0) * (size + 2.0), y).size(size, size).centered().draw();
        }
    }

    fn draw_hud(&self) {
        let b = &self.board;
        let lv = &LEVELS[self.level];
        sdk::rect(0.0, 0.0, W, 16.0, Color::hex(0x0c0a14));
        sdk::text(&format!("{:>2} {}", self.level + 1, lv.name), 6.0, 4.0, 8.0, GOLD);
        let best = if self.best[self.level] > 0 { format!("{}", self.best[self.level]) } else { "-".to_string() };
        let right = format!("MOVES {:>3}  PAR {}  BEST {}", b.moves, lv.par, best);
        sdk::text(&right, W - 6.0 - sdk::text_width(&right, 8.0), 4.0, 8.0, TEXT);
        // buttons
        sdk::rect(0.0, BAR_Y - 2.0, W, H - BAR_Y + 2.0, Color::hex(0x0c0a14));
        for (k, &(x, label)) in BUTTONS.iter().enumerate() {
            let hover = self.pointer_seen && inside(self.pointer_pos, x, BAR_Y, BUTTON_W, 14.0);
            let lit = hover || (k == 0 && self.stuck && (self.t / 20) % 2 == 0);
            sdk::rect(x, BAR_Y, BUTTON_W, 14.0, if lit { Color::hex(0x3a4066) } else { Color::hex(0x23263f) });
            outline(x, BAR_Y, BUTTON_W, 14.0, 1.0, if lit { GOLD } else { Color::hex(0x3b3f55) });
            sdk::text_centered(label, x + BUTTON_W / 2.0, BAR_Y + 3.0, 8.0, if lit { GOLD } else { DIM });
        }
        if self.intro > 0 && self.screen == Screen::Play {
            let a = (self.intro as f32 / 20.0).min(1.0);
            let y = AREA_Y + AREA_H / 2.0 - 22.0;
            sdk::rect(0.0, y, W, 44.0, Color::rgba(0x0c, 0x0a, 0x14, (a * 220.0) as u8));
            sdk::rect(0.0, y, W, 1.0, GOLD.with_alpha((a * 255.0) as u8));
            sdk::rect(0.0, y + 43.0, W, 1.0, GOLD.with_alpha((a * 255.0) as u8));
            let title = format!("LEVEL {}", self.level + 1);
            sdk::text_centered(&title, W / 2.0, y + 6.0, 16.0, GOLD.with_alpha((a * 255.0) as u8));
            let sub = format!("{}  -  par {}", lv.name, lv.par);
            sdk::text_centered(&sub, W / 2.0, y + 27.0, 8.0, TEXT.with_alpha((a * 255.0) as u8));
        }
        if self.stuck && self.screen == Screen::Play {
            sdk::rect(60.0, AREA_Y + 1.0, 200.0, 13.0, Color::rgba(0x8f, 0x23, 0x40, 0xe0));
            sdk::text_centered("STUCK!  Z undo  -  R restart", W / 2.0, AREA_Y + 3.5, 8.0, TEXT);
        }
    }

    fn draw_title(&self) {
        self.draw_backdrop(true);
        // the logo
        let bounce = ((self.t as f32) * 0.05).sin() * 2.0;
        shadow_text("CRATE MATE", W / 2.0, 26.0 + bounce, 32.0, GOLD);
        sdk::text_centered("a warehouse puzzle", W / 2.0, 62.0, 8.0, DIM);
        // a little scene: the worker pushes a crate onto its spot, over and over
        let (sx, sy, s) = (64.0, 84.0, 24.0);
        for i in 0..8 {
            self.sheet.sprite(S_FLOOR).at(sx + i as f32 * s, sy).size(s, s).draw();
        }
        for i in [-1, 8] {
            self.sheet.sprite(S_WALL).at(sx + i as f32 * s, sy).size(s, s).draw();
        }
        let phase = self.t % 240;
        let steps = (phase / 30).min(4);
        let within = phase % 30;
        let glide = if steps < 4 && within >= 20 { (within - 20) as f32 / 10.0 } else { 0.0 };
        let px = sx + (1.0 + steps as f32 + glide) * s;
        let cx = px + s;
        let goal_x = sx + 6.0 * s;
        let home = steps == 4;
        if !home {
            self.sheet.sprite(S_GEM).at(goal_x + s / 2.0, sy + s / 2.0).size(s * 0.75, s * 0.75).centered().rotate(self.t as f32 * 0.035).draw();
        }
        sdk::rect(cx + 3.0, sy + 3.0, s, s, Color::rgba(0, 0, 0, 0x60));
        let wobble = if glide > 0.0 { (glide * std::f32::consts::PI).sin() * 0.12 } else { 0.0 };
        self.sheet.sprite(if home { S_CRATE_OK } else { S_CRATE }).at(cx + s / 2.0, sy + s / 2.0).size(s, s).centered().rotate(wobble).draw();
        self.sheet.sprite(S_SIDE + (glide > 0.5) as u32).at(px, sy).size(s, s).draw();
        if home && phase < 150 {
            for k in 0..3 {
                let a = (phase - 120) as f32 * 0.15 + k as f32 * 2.1;
                let r = 18.0;
                self.sheet.sprite(S_STAR).at(goal_x + s / 2.0 + a.cos() * r, sy + s / 2.0 + a.sin() * r * 0.6).size(8.0, 8.0).centered().rotate(a).draw();
            }
        }
        // the menu
        let level = match self.first_unsolved() {
            Some(i) => format!("PLAY  level {}", i + 1),
            None => "PLAY  (all solved!)".to_string(),
        };
        let items = [level.as_str(), "LEVEL SELECT"];
        for (k, &(y, _)) in TITLE_ITEMS.iter().enumerate() {
            let on = k == self.title_sel;
            if on {
                sdk::rect(90.0, y - 2.0, 140.0, 14.0, Color::rgba(0x3a, 0x40, 0x66, 0xc0));
                outline(90.0, y - 2.0, 140.0, 14.0, 1.0, GOLD);
                sdk::text("▶", 96.0 + ((self.t / 8) % 2) as f32, y, 10.0, GOLD);
            }
            sdk::text_centered(items[k], W / 2.0 + 4.0, y, 10.0, if on { TEXT } else { DIM });
        }
        let progress = format!("{} / {} solved   ★ {} / {}", self.solved_count(), N, self.total_stars(), MAX_STARS);
        sdk::text_centered(&progress, W / 2.0, 196.0, 8.0, GOLD);
        sdk::text_centered("arrows/WASD move  Z undo  R restart  Tab levels", W / 2.0, 214.0, 7.0, DIM);
        sdk::text_centered("or click tiles, or a gamepad (A, B undo, Y restart)", W / 2.0, 225.0, 7.0, DIM);
    }

    fn draw_select(&self) {
        self.draw_backdrop(true);
        shadow_text("SELECT LEVEL", W / 2.0, 10.0, 16.0, GOLD);
        let summary = format!("★ {} / {}", self.total_stars(), MAX_STARS);
        sdk::text_centered(&summary, W / 2.0, 30.0, 8.0, DIM);
        for (i, lv) in LEVELS.iter().enumerate() {
            let (x, y) = card_rect(i);
            let open = self.is_open(i);
            let on = i == self.select_sel;
            let body = if !open {
                Color::hex(0x1a1828)
            } else if self.best[i] > 0 {
                Color::hex(0x23314a)
            } else {
                Color::hex(0x2f3352)
            };
            sdk::rect(x + 2.0, y + 2.0, CARD_W, CARD_H, Color::rgba(0, 0, 0, 0x80));
            sdk::rect(x, y, CARD_W, CARD_H, body);
            let edge = if on { GOLD.scale(0.8 + 0.2 * ((self.t as f32) * 0.15).sin()) } else { Color::hex(0x3b3f55) };
            outline(x, y, CARD_W, CARD_H, if on { 2.0 } else { 1.0 }, edge);
            if open {
                sdk::text_centered(&format!("{}", i + 1), x + CARD_W / 2.0, y + 5.0, 16.0, if on { TEXT } else { DIM });
                self.draw_stars(x + CARD_W / 2.0, y + 30.0, stars_for(self.best[i], lv.par), 8.0);
                let best = if self.best[i] > 0 { format!("{} / {}", self.best[i], lv.par) } else { format!("par {}", lv.par) };
                sdk::text_centered(&best, x + CARD_W / 2.0, y + 38.0, 7.0, if self.best[i] > 0 { GOOD } else { DIM });
            } else {
                self.sheet.sprite(S_LOCK).at(x + CARD_W / 2.0 - 8.0, y + CARD_H / 2.0 - 8.0).size(16.0, 16.0).draw();
            }
        }
        let lv = &LEVELS[self.select_sel];
        let info = if self.is_open(self.select_sel) { format!("{}. {}", self.select_sel + 1, lv.name) } else { "locked: solve more levels".to_string() };
        sdk::text_centered(&info, W / 2.0 + 40.0, BAR_Y + 3.0, 8.0, TEXT);
        let back_hover = self.pointer_seen && inside(self.pointer_pos, 8.0, BAR_Y, 80.0, 14.0);
        sdk::rect(8.0, BAR_Y, 80.0, 14.0, if back_hover { Color::hex(0x3a4066) } else { Color::hex(0x23263f) });
        outline(8.0, BAR_Y, 80.0, 14.0, 1.0, if back_hover { GOLD } else { Color::hex(0x3b3f55) });
        sdk::text_centered("TAB BACK", 48.0, BAR_Y + 3.0, 8.0, if back_hover { GOLD } else { DIM });
    }

    fn draw_clear(&self) {
        let t = self.screen_t.min(12) as f32 / 12.0;
        let (pw, ph) = (208.0, 112.0);
        let px = (W - pw) / 2.0;
        let py = 66.0 + (1.0 - t) * 30.0;
        sdk::rect(0.0, 16.0, W, BAR_Y - 18.0, Color::rgba(0, 0, 0, (t * 110.0) as u8));
        sdk::rect(px, py, pw, ph, PANEL.with_alpha((t * 232.0) as u8));
        outline(px, py, pw, ph, 2.0, GOLD.with_alpha((t * 255.0) as u8));
        if t < 1.0 {
            return;
        }
        shadow_text("LEVEL CLEAR!", W / 2.0, py + 8.0, 16.0, GOLD);
        for k in 0..3u32 {
            let appear = 18 + k * 10;
            let cx = W / 2.0 - 30.0 + 30.0 * k as f32;
            let cy = py + 46.0;
            if k < self.clear.stars && self.screen_t >= appear {
                let a = ((self.screen_t - appear) as f32 / 10.0).min(1.0);
                let size = 20.0 * (0.4 + 0.6 * a) + (1.0 - a) * 10.0;
                let spin = (1.0 - a) * std::f32::consts::PI * 2.0 + ((self.t as f32) * 0.05 + k as f32).sin() * 0.15;
                self.sheet.sprite(S_STAR).at(cx, cy).size(size, size).centered().rotate(spin).draw();
            } else {
                self.sheet.sprite(S_STAR_DIM).at(cx, cy).size(20.0, 20.0).centered().draw();
            }
        }
        let lv = &LEVELS[self.level];
        let line = format!("{} moves   par {}", self.clear.moves, lv.par);
        sdk::text_centered(&line, W / 2.0, py + 66.0, 8.0, TEXT);
        if self.clear.new_best {
            sdk::text_centered("NEW BEST!", W / 2.0, py + 78.0, 8.0, GOOD);
        } else {
            sdk::text_centered(&format!("best {}", self.best[self.level]), W / 2.0, py + 78.0, 8.0, DIM);
        }
        if self.screen_t >= 40 && (self.t / 20) % 3 != 0 {
            let next = if self.clear.finished_all { "Enter / click / A: finish" } else { "Enter / click / A: next level" };
            sdk::text_centered(next, W / 2.0, py + 92.0, 8.0, GOLD);
            sdk::text_centered("R retry  -  Z undo  -  Tab levels", W / 2.0, py + 102.0, 7.0, DIM);
        }
    }

    fn draw_complete(&self) {
        self.draw_backdrop(true);
        self.draw_particles();
        let bounce = ((self.t as f32) * 0.06).sin() * 3.0;
        shadow_text("ALL CRATES HOME!", W / 2.0, 40.0 + bounce, 22.0, GOLD);
        sdk::text_centered(&format!("{} of {} levels solved", self.solved_count(), N), W / 2.0, 84.0, 10.0, TEXT);
        sdk::text_centered(&format!("★ {} / {}", self.total_stars(), MAX_STARS), W / 2.0, 100.0, 12.0, GOLD);
        let total: u32 = self.best.iter().sum();
        sdk::text_centered(&format!("{} moves in all", total), W / 2.0, 118.0, 8.0, DIM);
        // the worker and a crate, spinning with joy
        let spin = self.t as f32 * 0.08;
        self.sheet.sprite(S_DOWN).at(W / 2.0 - 24.0, 160.0).size(32.0, 32.0).centered().rotate(spin.sin() * 0.3).draw();
        self.sheet.sprite(S_CRATE_OK).at(W / 2.0 + 24.0, 160.0).size(32.0, 32.0).centered().rotate(spin).draw();
        if self.screen_t >= 60 && (self.t / 20) % 3 != 0 {
            let hint = if self.total_stars() < MAX_STARS { "beat the pars for every star  -  Enter: title" } else { "a perfect warehouse!  -  Enter: title" };
            sdk::text_centered(hint, W / 2.0, 206.0, 8.0, TEXT);
        }
    }
}

impl Game for CrateMate {
    fn new(_width: u32, _height: u32, seed: u32) -> Self {
        let save = Save::read();
        let mut best = [0u32; N];
        for (i, b) in best.iter_mut().enumerate() {
            let at = 4 + 2 * i;
            if let Some(bytes) = save.get(at..at + 2) {
                *b = u16::from_le_bytes([bytes[0], bytes[1]]) as u32;
            }
        }
        let game = CrateMate {
            sheet: build_sheet(),
            backdrop: build_backdrop(),
            rng: Rng::new(seed),
            t: 0,
            screen: Screen::Title,
            screen_t: 0,
            best,
            title_sel: 0,
            select_sel: 0,
            level: 0,
            board: Board::new(&LEVELS[0]),
            stuck: false,
            path: Vec::new(),
            queued: None,
            hold_frames: 0,
            particles: Vec::new(),
            notes: Vec::new(),
            pointer_pos: (0.0, 0.0),
            pointer_seen: false,
            stick: None,
            clear: Clear { moves: 0, stars: 0, new_best: false, finished_all: false },
            intro: 0,
        };
        sdk::log!("cratemate: {} of {} levels solved, {} stars", game.solved_count(), N, game.total_stars());
        game
    }

    fn update(&mut self, dt: f32, input: &Input) {
        self.t += 1;
        let act = self.read_input(input);
        match self.screen {
            Screen::Title => self.update_title(&act),
            Screen::Select => self.update_select(&act),
            Screen::Play => self.update_play(&act),
            Screen::Clear => self.update_clear(&act),
            Screen::Complete => self.update_complete(&act),
        }
        self.screen_t += 1;
        self.update_effects(dt);
    }

    fn draw(&self) {
        sdk::clear(Color::hex(0x120e1c));
        match self.screen {
            Screen::Title => self.draw_title(),
            Screen::Select => self.draw_select(),
            Screen::Play | Screen::Clear => {
                self.draw_backdrop(false);
                self.draw_board();
                self.draw_hud();
                if self.screen == Screen::Clear {
                    self.draw_clear();
                }
                self.draw_particles();
            }
            Screen::Complete => self.draw_complete(),
        }
    }
}
