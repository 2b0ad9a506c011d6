//! The playground's history in time: checkpoints of the whole simulation taken as it runs,
//! the end of the known run (and its state, while the learner looks at an earlier moment),
//! and the future a fork abandoned, so that one action can bring it back.
//!
//! Going to a moment restores the nearest checkpoint before it and runs forward from there,
//! so a seek costs at most one checkpoint interval of simulation, however long the run.
//! Checkpoints are bounded in number: when there are too many, every other one is dropped and
//! the interval doubles.

use super::panel::PanelId;
use crate::broker::Millis;
use crate::sim::runner::Runner;
use crate::sim::Step;
use std::sync::Arc;

/// The first interval between checkpoints (virtual time).
pub const FIRST_INTERVAL_MS: Millis = 2_000;
/// At most this many checkpoints are kept.
pub const MAX_CHECKPOINTS: usize = 512;
/// Checkpoints weigh at most about this much in all ([`Snapshot::weight`]): a heavy run
/// (thousands of unacked messages) keeps fewer of them, further apart.
pub const CHECKPOINT_BYTES: usize = 64 << 20;

/// The whole simulation at one moment, with the auto-publish schedule of that moment.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub runner: Runner,
    /// Each panel's next auto-publish time.
    pub auto: Vec<(PanelId, Option<Millis>)>,
    /// The playground's [`super::Playground::replay_fits_until`] at that moment.
    pub fits_until: Millis,
    /// About how many bytes it holds that the live run does not share
    /// ([`crate::sim::Sim::weight`]).
    pub weight: usize,
}

impl Snapshot {
    pub fn t(&self) -> Millis {
        self.runner.sim.now()
    }
}

/// The future that acting in the past abandoned.
#[derive(Clone, Debug)]
pub struct Branch {
    /// When the fork happened.
    pub at: Millis,
    /// How many steps the histories share.
    pub shared: usize,
    /// The abandoned steps (after the shared ones).
    pub steps: Vec<Step>,
    /// The settings changes that lay ahead.
    pub settings: Vec<super::settings_log::Change>,
    pub checkpoints: Vec<Arc<Snapshot>>,
    pub head: Option<Arc<Snapshot>>,
    pub known_end: Millis,
}

#[derive(Clone, Debug)]
pub struct Timeline {
    /// In time order.
    pub(super) checkpoints: Vec<Arc<Snapshot>>,
    interval: Millis,
    /// The latest moment the run has reached.
    pub(super) known_end: Millis,
    /// The state at `known_end`, kept while the cursor is behind it.
    pub(super) head: Option<Arc<Snapshot>>,
    pub(super) branch: Option<Branch>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self {
            checkpoints: Vec::new(),
            interval: FIRST_INTERVAL_MS,
            known_end: 0,
            head: None,
            branch: None,
        }
    }
}

impl Timeline {
    pub fn known_end(&self) -> Millis {
        self.known_end
    }

    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    pub fn interval(&self) -> Millis {
        self.interval
    }

    /// About how many bytes the checkpoints hold in all.
    pub fn weight(&self) -> usize {
        self.checkpoints.iter().map(|c| c.weight).sum()
    }

    /// The abandoned future, if the last fork can be undone.
    pub fn branch(&self) -> Option<&Branch> {
        self.branch.as_ref()
    }

    /// The next moment a checkpoint is due (the run is cut there).
    pub fn next_checkpoint(&self) -> Millis {
        self.checkpoints
            .last()
            .map_or(0, |c| c.t().saturating_add(self.interval))
    }

    /// Keeps a checkpoint if one is due at this moment.
    pub fn offer(&mut self, now: Millis, take: impl FnOnce() -> Snapshot) {
        if !self.checkpoints.is_empty() && now < self.next_checkpoint() {
            return;
        }
        self.checkpoints.push(Arc::new(take()));
        if self.checkpoints.len() > MAX_CHECKPOINTS
            || (self.checkpoints.len() > 2 && self.weight() > CHECKPOINT_BYTES)
        {
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.interval = self.interval.saturating_mul(2);
        }
    }

    /// The latest checkpoint at or before `t`.
    pub fn before(&self, t: Millis) -> Option<Arc<Snapshot>> {
        let i = self.checkpoints.partition_point(|c| c.t() <= t);
        i.checked_sub(1).map(|i| self.checkpoints[i].clone())
    }

    /// Forgets everything (a new server, a new latency, a loaded state).
    pub fn reset(&mut self, known_end: Millis) {
        *self = Self {
            known_end,
            ..Self::default()
        };
    }

    /// Drops the checkpoints at or after `t` (they belong to a future that is changing).
    pub(super) fn cut_from(&mut self, t: Millis) -> Vec<Arc<Snapshot>> {
        let i = self.checkpoints.partition_point(|c| c.t() < t);
        self.checkpoints.split_off(i)
    }
}
