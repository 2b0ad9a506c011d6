//! A subscription's delivered-but-unacked messages (`acksPending`), indexed both by sequence
//! (acks, durable redelivery in sequence order) and by expiry (AckWait redelivery in expiry
//! order). Every operation is O(log n): nothing scans the whole set per message.

use super::Millis;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub struct Pending {
    by_seq: BTreeMap<u64, Millis>,
    by_expiry: BTreeSet<(Millis, u64)>,
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

    /// Adds `seq`, or moves its expiry if it is already pending.
    pub fn set(&mut self, seq: u64, expire: Millis) {
        if let Some(old) = self.by_seq.insert(seq, expire) {
            self.by_expiry.remove(&(old, seq));
        }
        self.by_expiry.insert((expire, seq));
    }

    pub fn remove(&mut self, seq: u64) -> Option<Millis> {
        let old = self.by_seq.remove(&seq)?;
        self.by_expiry.remove(&(old, seq));
        Some(old)
    }

    /// The earliest (expiry, seq).
    pub fn first_expiring(&self) -> Option<(Millis, u64)> {
        self.by_expiry.first().copied()
    }

    /// The next entry in expiry order after `(expire, seq)`.
    pub fn next_expiring_after(&self, key: (Millis, u64)) -> Option<(Millis, u64)> {
        use std::ops::Bound::{Excluded, Unbounded};
        self.by_expiry
            .range((Excluded(key), Unbounded))
            .next()
            .copied()
    }

    /// Sequences in ascending order.
    pub fn seqs(&self) -> impl Iterator<Item = u64> + '_ {
        self.by_seq.keys().copied()
    }

    /// (expiry, seq) in expiry order.
    pub fn by_expiry(&self) -> impl Iterator<Item = (Millis, u64)> + '_ {
        self.by_expiry.iter().copied()
    }

    pub fn clear(&mut self) {
        self.by_seq.clear();
        self.by_expiry.clear();
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
        assert_eq!(p.seqs().collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(p.next_expiring_after((100, 3)), Some((200, 2)));
        assert_eq!(p.len(), 2);
    }
}
