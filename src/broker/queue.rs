//! Queue groups (`queueState`) and the member pick (`findBestQueueSub`).
//!
//! The rules it follows: docs/semantics.md §5.1, §5.2.

use super::hash::SeqMap;
use super::SubId;

#[derive(Clone, Debug, Default)]
pub struct QueueGroup {
    /// Members in the server's slice order (the head rotates to the tail when picked).
    pub members: Vec<SubId>,
    /// The group's shared cursor.
    pub last_sent: u64,
    /// Redelivery counts, shared by every member.
    pub rdlv_count: SeqMap<u32>,
    /// A durable group with no member keeps its state in a shadow subscription.
    pub shadow: Option<SubId>,
    pub durable: bool,
}

impl QueueGroup {
    /// `findBestQueueSub`: the first member with the fewest pending among those neither
    /// stalled nor failing heartbeats, else the head; picking the head rotates it to the tail.
    pub fn pick<F>(&mut self, mut state: F) -> Option<SubId>
    where
        F: FnMut(SubId) -> (usize, bool),
    {
        let mut best: Option<(usize, usize)> = None;
        for (i, &id) in self.members.iter().enumerate() {
            let (pending, usable) = state(id);
            if usable && best.is_none_or(|(_, least)| pending < least) {
                best = Some((i, pending));
            }
        }
        let idx = best.map(|(i, _)| i).unwrap_or(0);
        let chosen = *self.members.get(idx)?;
        if self.members.len() > 1 && idx == 0 {
            self.members.remove(0);
            self.members.push(chosen);
        }
        Some(chosen)
    }

    /// `deleteFromList`: swap with the last, then truncate (this changes the order too).
    pub fn remove_member(&mut self, id: SubId) -> bool {
        match self.members.iter().position(|&m| m == id) {
            Some(i) => {
                self.members.swap_remove(i);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_load_gives_round_robin_by_rotating_the_head() {
        let mut q = QueueGroup {
            members: vec![SubId(1), SubId(2), SubId(3)],
            ..Default::default()
        };
        let picks: Vec<_> = (0..6).map(|_| q.pick(|_| (0, true)).unwrap().0).collect();
        assert_eq!(picks, vec![1, 2, 3, 1, 2, 3]);
    }

    #[test]
    fn fewest_pending_wins_and_unusable_members_are_skipped() {
        let mut q = QueueGroup {
            members: vec![SubId(1), SubId(2), SubId(3)],
            ..Default::default()
        };
        let got = q.pick(|id| match id.0 {
            1 => (0, false),
            2 => (2, true),
            _ => (1, true),
        });
        assert_eq!(got, Some(SubId(3)));
        assert_eq!(
            q.members,
            vec![SubId(1), SubId(2), SubId(3)],
            "no rotation: not the head"
        );
    }

    #[test]
    fn all_unusable_falls_back_to_the_head() {
        let mut q = QueueGroup {
            members: vec![SubId(1), SubId(2)],
            ..Default::default()
        };
        assert_eq!(q.pick(|_| (5, false)), Some(SubId(1)));
        assert_eq!(q.members, vec![SubId(2), SubId(1)]);
    }
}
