//! A subscription's delivered-but-unacked messages (`acksPending`), indexed by sequence
//! (acks) and by expiry (AckWait redelivery in expiry order).
//!
//! The rules it follows: docs/semantics.md §4.4, §4.6.
//!
//! Expiries are almost always appended in order (send time + AckWait), so the expiry index is
//! a deque kept sorted with lazy deletion: an ack only removes the sequence from the map and
//! the stale deque entry is dropped when it reaches the front. Every operation is O(1)
//! amortised (O(log n) for the rare out-of-order insert); nothing scans the whole set per
//! message.

use super::hash::SeqMap;
use super::Millis;
use std::collections::VecDeque;

#[derive(Clone, Debug, Default)]
pub struct Pending {
    by_seq: SeqMap<Millis>,
    /// (expiry, seq), sorted; entries whose expiry no longer matches `by_seq` are stale.
    by_expiry: VecDeque<(Millis, u64)>,
}

impl Pending {
    pub fn len(&self) -> usize {
        self.by_seq.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_seq.is_empty()
    }

    pub fn contains(&self, seq: u64) -> bool {
        self.by_seq.contains_key(&seq)
    }

    pub fn expiry(&self, seq: u64) -> Option<Millis> {
        self.by_seq.get(&seq).copied()
    }

    fn live(&self, (expire, seq): (Millis, u64)) -> bool {
        self.by_seq.get(&seq) == Some(&expire)
    }

    /// Adds `seq`, or moves its expiry if it is already pending.
    pub fn set(&mut self, seq: u64, expire: Millis) {
        let moved = self.by_seq.insert(seq, expire).is_some();
        let key = (expire, seq);
        if self.by_expiry.back().is_none_or(|&last| last <= key) {
            self.by_expiry.push_back(key);
        } else {
            let at = self.by_expiry.partition_point(|&e| e < key);
            self.by_expiry.insert(at, key);
        }
        if moved {
            // Only a moved expiry can leave a stale entry at the front (a new one never does).
            self.drop_stale_front();
        }
        self.compact_if_stale();
    }

    pub fn remove(&mut self, seq: u64) -> Option<Millis> {
        let old = self.by_seq.remove(&seq)?;
        if self.by_seq.is_empty() {
            self.by_expiry.clear();
        } else {
            self.drop_stale_front();
        }
        Some(old)
    }

    fn drop_stale_front(&mut self) {
        while let Some(&front) = self.by_expiry.front() {
            if self.live(front) {
                break;
            }
            self.by_expiry.pop_front();
        }
    }

    /// Keeps stale entries from outnumbering live ones.
    fn compact_if_stale(&mut self) {
        if self.by_expiry.len() > 2 * self.by_seq.len() + 16 {
            let by_seq = &self.by_seq;
            self.by_expiry.retain(|&(e, s)| by_seq.get(&s) == Some(&e));
        }
    }

    /// The earliest (expiry, seq). The front entry is always live: every change drops stale
    /// entries from the front.
    pub fn first_expiring(&self) -> Option<(Millis, u64)> {
        self.by_expiry.front().copied().filter(|&k| self.live(k))
    }

    /// Sequences in ascending order.
    pub fn seqs(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.by_seq.keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// (expiry, seq) in expiry order.
    pub fn by_expiry(&self) -> impl Iterator<Item = (Millis, u64)> + '_ {
        self.by_expiry.iter().copied().filter(|&k| self.live(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_indexes_stay_in_step() {
        let mut p = Pending::default();
        p.set(1, 100);
        p.set(2, 50);
        p.set(3, 100);
        assert_eq!(p.first_expiring(), Some((50, 2)));
        p.set(2, 200);
        assert_eq!(
            p.by_expiry().collect::<Vec<_>>(),
            vec![(100, 1), (100, 3), (200, 2)]
        );
        assert_eq!(p.remove(1), Some(100));
        assert_eq!(p.seqs(), vec![2, 3]);
        assert_eq!(p.first_expiring(), Some((100, 3)));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn stale_entries_do_not_pile_up() {
        let mut p = Pending::default();
        p.set(0, 0);
        for i in 1..10_000u64 {
            p.set(i, i);
            p.set(i, i + 1_000_000);
            p.remove(i);
        }
        assert_eq!(p.len(), 1);
        assert!(
            p.by_expiry.len() <= 2 * p.len() + 17,
            "{}",
            p.by_expiry.len()
        );
        assert_eq!(p.first_expiring(), Some((0, 0)));
    }
}
