//! How fast the virtual clock really goes while playing. Each animation frame may only
//! spend a bounded amount of work on the simulation ([`super::Playground::play_frame`]); a
//! heavy run then falls behind the asked speed, and the time bar says so plainly instead of
//! pretending (or queueing work that would keep the clock running after Pause).

/// The clock's recent pace: virtual ms gained per wall ms, smoothed over about a second.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pace {
    /// Smoothed virtual-per-wall ratio (0 until a frame was played).
    ratio: f64,
    /// Smoothed share of the asked speed reached (1 = keeping up).
    reached: f64,
    frames: u32,
}

/// Below this share of the asked speed the time bar says the speed is not reached.
const BEHIND: f64 = 0.9;

impl Pace {
    /// One frame played: `wall` ms of wall time gave `gained` ms of virtual time at `speed`.
    pub fn frame(&mut self, wall: f64, gained: f64, speed: f64) {
        if !(wall > 0.0 && speed > 0.0) {
            return;
        }
        let ratio = gained / wall;
        let reached = (ratio / speed).min(1.0);
        // About a second of frames at 60 per second.
        let k = if self.frames == 0 { 1.0 } else { 0.05 };
        self.ratio += k * (ratio - self.ratio);
        self.reached += k * (reached - self.reached);
        self.frames = self.frames.saturating_add(1);
    }

    /// The speed the clock really keeps, if it falls clearly short of the asked one
    /// (after a few frames, so that one slow frame says nothing).
    pub fn behind(&self) -> Option<f64> {
        (self.frames >= 10 && self.reached < BEHIND).then_some(self.ratio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_behind_only_when_the_clock_keeps_falling_short() {
        let mut p = Pace::default();
        for _ in 0..60 {
            p.frame(16.0, 1600.0, 100.0);
        }
        assert_eq!(p.behind(), None);
        p.frame(16.0, 100.0, 100.0);
        assert_eq!(p.behind(), None, "one slow frame says nothing");
        for _ in 0..120 {
            p.frame(16.0, 400.0, 100.0);
        }
        let got = p.behind().expect("behind");
        assert!((got - 25.0).abs() < 1.0, "{got}");
    }
}
