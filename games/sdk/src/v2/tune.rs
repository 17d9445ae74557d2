//! Jingles without a music engine: tones scheduled a number of frames ahead.

use super::Tone;

/// A queue of tones to play in later frames: a little tune when a level
/// starts, a fanfare for a new best score. Schedule notes, then call
/// [`Tune::update`] once per frame (from `Game::update`); notes whose time
/// has come are played then. Frames, not seconds, so it replays exactly.
///
/// ```ignore
/// use arcade_sdk::v2::{Tone, Tune, Wave};
/// let mut tune = Tune::new();
/// // C E G C, 6 frames apart, each a short square note, on channel 6
/// tune.notes(&[523.25, 659.25, 783.99, 1046.5], 6, Tone::new(0.0).duration(0.1).wave(Wave::Square(0.5)), 6);
/// // …every frame:
/// tune.update();
/// ```
#[derive(Clone, Debug, Default)]
pub struct Tune {
    queue: Vec<(u32, Tone, u32)>,
}

impl Tune {
    /// Nothing scheduled.
    pub const fn new() -> Tune {
        Tune { queue: Vec::new() }
    }

    /// Plays `tone` on `channel` at the `frames`-th [`update`](Tune::update)
    /// from now (0: the next one).
    pub fn after(&mut self, frames: u32, tone: Tone, channel: u32) {
        self.queue.push((frames, tone, channel));
    }

    /// Schedules one note per frequency, `step` frames apart, starting at the
    /// next update: each is `tone` moved to that pitch (a slide in `tone`
    /// keeps its ratio).
    pub fn notes(&mut self, freqs: &[f32], step: u32, tone: Tone, channel: u32) {
        let ratio = if tone.freq > 0.0 { tone.freq_end / tone.freq } else { 1.0 };
        for (i, &f) in freqs.iter().enumerate() {
            let note = Tone { freq: f, freq_end: f * ratio, ..tone };
            self.after(i as u32 * step, note, channel);
        }
    }

    /// Plays the notes that are due and counts the others down a frame.
    pub fn update(&mut self) {
        let mut i = 0;
        while i < self.queue.len() {
            if self.queue[i].0 == 0 {
                let (_, tone, channel) = self.queue.remove(i);
                tone.play(channel);
            } else {
                self.queue[i].0 -= 1;
                i += 1;
            }
        }
    }

    /// Drops everything scheduled.
    pub fn clear(&mut self) {
        self.queue.clear();
    }

    /// Whether nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}
