//! The panels' settings in time: every edit of a panel's options is recorded with the moment
//! it was made, so that at any moment of the run a panel has the settings that were in force
//! then. Going back shows (and acting there uses) those settings, not today's; a fork sets
//! aside the changes that lay ahead with the rest of the abandoned future; the list is saved
//! with the playground, so a reloaded run has them too.

use super::panel::{PanelId, PanelKind};
use crate::broker::Millis;

/// At most this many changes are read from outside (a saved playground, a share link).
pub const MAX_CHANGES: usize = 10_000;

/// A panel's settings from `at` on (until its next change).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub at: Millis,
    pub panel: PanelId,
    pub kind: PanelKind,
}

/// The changes, in time order (in the order made, for one moment).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingsLog {
    changes: Vec<Change>,
}

impl Change {
    /// As saved: `{"at", "panel", "kind"}` (the kind as a panel's).
    pub fn to_value(&self) -> serde_json::Value {
        crate::broker::monitor::json::Obj::new()
            .put("at", self.at)
            .put("panel", self.panel)
            .put("kind", super::panel_write::kind(&self.kind))
            .done()
    }
}

impl SettingsLog {
    /// A log from saved changes (put in time order; the order of one moment is kept).
    pub fn from_changes(changes: Vec<Change>) -> Self {
        // Insertion (no sort routine in the wasm for this): saved changes come in order.
        let mut log = Self::default();
        for c in changes {
            let i = log.changes.partition_point(|x| x.at <= c.at);
            log.changes.insert(i, c);
        }
        log
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The settings in force at `t` for `panel`: its latest change at or before `t`, else
    /// its first (a panel is shown before it existed with the settings it was made with).
    pub fn at(&self, t: Millis, panel: PanelId) -> Option<&PanelKind> {
        let i = self.changes.partition_point(|c| c.at <= t);
        self.changes[..i]
            .iter()
            .rev()
            .chain(self.changes[i..].iter())
            .find(|c| c.panel == panel)
            .map(|c| &c.kind)
    }

    /// Records `kind` as the panel's settings from `at` on. Another edit at the same moment
    /// replaces it (a form typed into while the clock stands still).
    pub fn record(&mut self, at: Millis, panel: PanelId, kind: &PanelKind) {
        let i = self.changes.partition_point(|c| c.at <= at);
        // The panel's latest change at or before `at`.
        match self.changes[..i].iter().rposition(|c| c.panel == panel) {
            Some(j) if self.changes[j].at == at => self.changes[j].kind = kind.clone(),
            Some(j) if self.changes[j].kind == *kind => {}
            _ => self.changes.insert(
                i,
                Change {
                    at,
                    panel,
                    kind: kind.clone(),
                },
            ),
        }
    }

    /// Takes out the changes after `t` (a future being abandoned).
    pub fn split_after(&mut self, t: Millis) -> Vec<Change> {
        let i = self.changes.partition_point(|c| c.at <= t);
        self.changes.split_off(i)
    }

    /// Puts back changes taken out by [`SettingsLog::split_after`] (an undone fork): the
    /// changes after that moment go first.
    pub fn put_back(&mut self, at: Millis, later: Vec<Change>) {
        self.split_after(at);
        self.changes.extend(later);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::PublisherCfg;

    fn every(ms: u64) -> PanelKind {
        PanelKind::Publisher(PublisherCfg {
            every_ms: ms,
            ..PublisherCfg::default()
        })
    }

    #[test]
    fn the_settings_in_force_are_the_latest_before_the_moment() {
        let mut log = SettingsLog::default();
        log.record(0, 1, &every(0));
        log.record(1000, 1, &every(500));
        log.record(1000, 2, &every(7));
        log.record(1000, 1, &every(600)); // typed again at the same moment: replaces
        log.record(5000, 1, &every(100));
        log.record(6000, 1, &every(100)); // no change: not recorded
        assert_eq!(log.changes().len(), 4);
        assert_eq!(log.at(999, 1), Some(&every(0)));
        assert_eq!(log.at(1000, 1), Some(&every(600)));
        assert_eq!(log.at(4999, 1), Some(&every(600)));
        assert_eq!(log.at(9999, 1), Some(&every(100)));
        assert_eq!(
            log.at(0, 2),
            Some(&every(7)),
            "before it was made: its first settings"
        );
        assert_eq!(log.at(0, 3), None);
        // An edit in the past holds until the next recorded change.
        log.record(2000, 1, &every(250));
        assert_eq!(log.at(3000, 1), Some(&every(250)));
        assert_eq!(log.at(5000, 1), Some(&every(100)));

        let ahead = log.split_after(1000);
        assert_eq!(ahead.len(), 2);
        assert_eq!(log.at(9999, 1), Some(&every(600)));
        log.record(3000, 1, &every(1)); // a change in the abandoned future's place
        log.put_back(1000, ahead);
        assert_eq!(log.at(9999, 1), Some(&every(100)));
    }
}
