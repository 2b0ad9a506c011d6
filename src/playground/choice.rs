//! The listener form's two pickers, as types: where a subscription starts and when the
//! handler acks. Each kind has the key its `<option>` carries (read back once, at the form)
//! and its label; switching kind keeps the number the learner typed where it still means
//! something, else takes a sensible one.

use super::panel::StartChoice;
use crate::sim::AckPolicy;

/// The start options, without their numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartKind {
    NewOnly,
    All,
    LastReceived,
    AtSequence,
    AtTimeDelta,
}

impl StartKind {
    pub const ALL: [StartKind; 5] = [
        StartKind::NewOnly,
        StartKind::All,
        StartKind::LastReceived,
        StartKind::AtSequence,
        StartKind::AtTimeDelta,
    ];

    /// The option's value in the form (a test hook: `selectOption('…form-start', 'all')`).
    pub fn key(self) -> &'static str {
        match self {
            StartKind::NewOnly => "new",
            StartKind::All => "all",
            StartKind::LastReceived => "last",
            StartKind::AtSequence => "seq",
            StartKind::AtTimeDelta => "delta",
        }
    }

    pub fn from_key(key: &str) -> Option<StartKind> {
        Some(match key {
            "new" => StartKind::NewOnly,
            "all" => StartKind::All,
            "last" => StartKind::LastReceived,
            "seq" => StartKind::AtSequence,
            "delta" => StartKind::AtTimeDelta,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            StartKind::NewOnly => "new events only (default)",
            StartKind::All => "setDeliverAllAvailable()",
            StartKind::LastReceived => "setStartWithLastReceived()",
            StartKind::AtSequence => "setStartAtSequence(n)",
            StartKind::AtTimeDelta => "setStartAtTimeDelta(ms)",
        }
    }
}

impl StartChoice {
    pub fn kind(&self) -> StartKind {
        match self {
            StartChoice::NewOnly => StartKind::NewOnly,
            StartChoice::DeliverAllAvailable => StartKind::All,
            StartChoice::StartWithLastReceived => StartKind::LastReceived,
            StartChoice::StartAtSequence(_) => StartKind::AtSequence,
            StartChoice::StartAtTimeDelta(_) => StartKind::AtTimeDelta,
        }
    }

    /// The number this start takes, with what it is (for the form's second field).
    pub fn arg(&self) -> Option<(&'static str, u64)> {
        match self {
            StartChoice::StartAtSequence(n) => Some(("Sequence", *n)),
            StartChoice::StartAtTimeDelta(ms) => Some(("Time delta (ms)", *ms)),
            _ => None,
        }
    }

    /// This choice switched to `kind`, keeping its number (sequences start at 1; a time
    /// delta of 0 becomes 30 s).
    pub fn switched(&self, kind: StartKind) -> StartChoice {
        let arg = self.arg().map_or(0, |(_, n)| n);
        match kind {
            StartKind::NewOnly => StartChoice::NewOnly,
            StartKind::All => StartChoice::DeliverAllAvailable,
            StartKind::LastReceived => StartChoice::StartWithLastReceived,
            StartKind::AtSequence => StartChoice::StartAtSequence(arg.max(1)),
            StartKind::AtTimeDelta => {
                StartChoice::StartAtTimeDelta(if arg == 0 { 30_000 } else { arg })
            }
        }
    }

    /// The same kind with a new number (no change for a kind without one).
    pub fn with_arg(&self, n: u64) -> StartChoice {
        match self {
            StartChoice::StartAtSequence(_) => StartChoice::StartAtSequence(n),
            StartChoice::StartAtTimeDelta(_) => StartChoice::StartAtTimeDelta(n),
            other => other.clone(),
        }
    }
}

/// The handler's ack policies, without their numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AckKind {
    AtOnce,
    ByButton,
    Never,
    AfterMs,
    OnDelivery,
}

impl AckKind {
    pub const ALL: [AckKind; 5] = [
        AckKind::AtOnce,
        AckKind::ByButton,
        AckKind::Never,
        AckKind::AfterMs,
        AckKind::OnDelivery,
    ];

    /// The option's value in the form (a test hook: `selectOption('…form-handler', 'never')`).
    pub fn key(self) -> &'static str {
        match self {
            AckKind::AtOnce => "now",
            AckKind::ByButton => "button",
            AckKind::Never => "never",
            AckKind::AfterMs => "after",
            AckKind::OnDelivery => "nth",
        }
    }

    pub fn from_key(key: &str) -> Option<AckKind> {
        Some(match key {
            "now" => AckKind::AtOnce,
            "button" => AckKind::ByButton,
            "never" => AckKind::Never,
            "after" => AckKind::AfterMs,
            "nth" => AckKind::OnDelivery,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            AckKind::AtOnce => "at once",
            AckKind::ByButton => "by a button (you ack)",
            AckKind::Never => "never",
            AckKind::AfterMs => "after N ms",
            AckKind::OnDelivery => "on the N-th delivery",
        }
    }

    pub fn of(a: &AckPolicy) -> AckKind {
        match a {
            AckPolicy::Immediate => AckKind::AtOnce,
            AckPolicy::Manual => AckKind::ByButton,
            AckPolicy::Never => AckKind::Never,
            AckPolicy::AfterMs(_) => AckKind::AfterMs,
            AckPolicy::OnDelivery(_) => AckKind::OnDelivery,
        }
    }

    /// The number a policy takes, with what it is (for the form's second field).
    pub fn arg(a: &AckPolicy) -> Option<(&'static str, u64)> {
        match a {
            AckPolicy::AfterMs(ms) => Some(("after (ms)", *ms)),
            AckPolicy::OnDelivery(n) => Some(("on delivery number", u64::from(*n))),
            _ => None,
        }
    }

    /// `a` switched to this kind, keeping its number (2 s after, or the 2nd to the 100th
    /// delivery, when it has none that fits).
    pub fn switch(self, a: &AckPolicy) -> AckPolicy {
        let arg = AckKind::arg(a).map_or(0, |(_, n)| n);
        match self {
            AckKind::AtOnce => AckPolicy::Immediate,
            AckKind::ByButton => AckPolicy::Manual,
            AckKind::Never => AckPolicy::Never,
            AckKind::AfterMs => AckPolicy::AfterMs(if arg == 0 { 2000 } else { arg }),
            AckKind::OnDelivery => AckPolicy::OnDelivery(arg.clamp(2, 100) as u32),
        }
    }

    /// `a` with a new number (delivery numbers 1 to 1000; no change for a policy without one).
    pub fn with_arg(a: &AckPolicy, n: u64) -> AckPolicy {
        match a {
            AckPolicy::AfterMs(_) => AckPolicy::AfterMs(n),
            AckPolicy::OnDelivery(_) => AckPolicy::OnDelivery(n.clamp(1, 1000) as u32),
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_as_its_kind_and_nothing_else_does() {
        for k in StartKind::ALL {
            assert_eq!(StartKind::from_key(k.key()), Some(k));
        }
        for k in AckKind::ALL {
            assert_eq!(AckKind::from_key(k.key()), Some(k));
        }
        assert_eq!(StartKind::from_key("true"), None);
        assert_eq!(AckKind::from_key(""), None);
    }

    #[test]
    fn switching_kind_keeps_the_number_where_it_fits() {
        let s = StartChoice::StartAtSequence(7);
        assert_eq!(
            s.switched(StartKind::AtTimeDelta),
            StartChoice::StartAtTimeDelta(7)
        );
        assert_eq!(
            StartChoice::NewOnly.switched(StartKind::AtSequence),
            StartChoice::StartAtSequence(1)
        );
        assert_eq!(
            StartChoice::NewOnly.switched(StartKind::AtTimeDelta),
            StartChoice::StartAtTimeDelta(30_000)
        );
        assert_eq!(s.switched(StartKind::All).kind(), StartKind::All);
        assert_eq!(s.with_arg(9), StartChoice::StartAtSequence(9));
        assert_eq!(StartChoice::NewOnly.with_arg(9), StartChoice::NewOnly);

        assert_eq!(
            AckKind::OnDelivery.switch(&AckPolicy::AfterMs(5000)),
            AckPolicy::OnDelivery(100)
        );
        assert_eq!(
            AckKind::AfterMs.switch(&AckPolicy::Never),
            AckPolicy::AfterMs(2000)
        );
        assert_eq!(
            AckKind::with_arg(&AckPolicy::OnDelivery(3), 0),
            AckPolicy::OnDelivery(1)
        );
        for a in [
            AckPolicy::Manual,
            AckPolicy::AfterMs(3),
            AckPolicy::OnDelivery(4),
        ] {
            assert_eq!(AckKind::of(&AckKind::of(&a).switch(&a)), AckKind::of(&a));
        }
    }
}
