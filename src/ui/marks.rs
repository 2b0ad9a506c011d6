//! Which timeline marks the time bar draws: two rows (publishes and redeliveries above;
//! failures, removals and kills below), and in each row at most one mark per 0.5 % of the
//! timeline, the most telling one, so that a long run's thousands of marks stay readable.

use crate::playground::{Mark, MarkKind};

/// (position in % of the timeline, kind, virtual time) of each mark drawn.
pub fn thin(marks: &[Mark], horizon: u64) -> Vec<(f64, MarkKind, u64)> {
    let row = |k: MarkKind| match k {
        MarkKind::Publish | MarkKind::Redelivery => 0,
        _ => 1,
    };
    let rank = |k: MarkKind| match k {
        MarkKind::Publish => 0,
        MarkKind::Redelivery => 1,
        MarkKind::HeartbeatFailure => 0,
        MarkKind::Kill => 1,
        MarkKind::ClientRemoved => 2,
    };
    let mut out: Vec<(f64, MarkKind, u64)> = Vec::new();
    // (row, bucket) -> its place in `out`: one look-up per mark, however many there are.
    let mut slots = [[usize::MAX; 201]; 2];
    let span = horizon.max(1) as f64;
    for m in marks {
        let pct = (m.t as f64 / span * 100.0).clamp(0.0, 100.0);
        let bucket = ((pct * 2.0).floor() as usize).min(200);
        let at = &mut slots[row(m.kind)][bucket];
        match out.get_mut(*at) {
            Some(slot) if rank(m.kind) > rank(slot.1) => *slot = (pct, m.kind, m.t),
            Some(_) => {}
            None => {
                *at = out.len();
                out.push((pct, m.kind, m.t));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(t: u64, kind: MarkKind) -> Mark {
        Mark { t, kind }
    }

    #[test]
    fn one_mark_per_slot_and_row_the_most_telling_wins() {
        let marks = [
            mark(100, MarkKind::Publish),
            mark(101, MarkKind::Redelivery),
            mark(102, MarkKind::HeartbeatFailure),
            mark(103, MarkKind::ClientRemoved),
            mark(104, MarkKind::Kill),
            mark(5_000, MarkKind::Publish),
        ];
        let drawn: Vec<(MarkKind, u64)> = thin(&marks, 10_000)
            .into_iter()
            .map(|(_, k, t)| (k, t))
            .collect();
        assert_eq!(
            drawn,
            [
                (MarkKind::Redelivery, 101),
                (MarkKind::ClientRemoved, 103),
                (MarkKind::Publish, 5_000)
            ]
        );
    }

    #[test]
    fn positions_stay_on_the_bar() {
        let drawn = thin(&[mark(20, MarkKind::Kill)], 10);
        assert_eq!(drawn[0].0, 100.0);
        assert_eq!(thin(&[mark(0, MarkKind::Kill)], 0)[0].0, 0.0);
    }
}
