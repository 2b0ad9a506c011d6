//! The simulation's clock: the virtual time, and the counter that numbers every entry the
//! machines put on the timeline (packets, client timers, services' work), so that entries due
//! at the same moment run in the order they were made, whichever machine holds them.

use crate::broker::Millis;

#[derive(Clone, Debug, Default)]
pub struct Clock {
    now: Millis,
    order: u64,
}

impl Clock {
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Moves the clock to `t` (never back).
    pub fn advance_to(&mut self, t: Millis) {
        self.now = self.now.max(t);
    }

    /// The next entry's number.
    pub fn stamp(&mut self) -> u64 {
        self.order += 1;
        self.order
    }

    /// `ms` from now.
    pub fn after(&self, ms: Millis) -> Millis {
        self.now.saturating_add(ms)
    }
}
