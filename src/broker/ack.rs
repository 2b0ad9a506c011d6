//! Acks (`processAck`): remove from pending, un-stall, send more.

use super::state::Broker;
use super::{Event, SubId};
use std::sync::Arc;

impl Broker {
    /// An ack for `seq` on `sub`'s ack inbox. `from_user` is false for the internal ack the
    /// server sends itself when a queue message moved to another member.
    pub(super) fn on_ack(&mut self, sub_id: SubId, seq: u64, from_user: bool) {
        let Some(sub) = self.subs.get(&sub_id) else {
            // The ack inbox is gone (subscription closed): the ack is lost.
            return;
        };
        if sub.is_offline() {
            return;
        }
        let channel = Arc::clone(&sub.channel);
        let queue = sub.queue.clone();
        let owner = if sub.pending.contains(seq) {
            Some(sub_id)
        } else if let (Some(key), true) = (&queue, from_user) {
            // A late ack from a member that no longer holds the message settles it wherever it is.
            self.channels
                .get(&channel)
                .and_then(|ch| ch.queues.get(key))
                .and_then(|qs| {
                    qs.members
                        .iter()
                        .copied()
                        .find(|m| self.subs.get(m).is_some_and(|s| s.pending.contains(seq)))
                })
        } else {
            None
        };
        if let Some(s) = owner.and_then(|o| self.subs.get_mut(&o)) {
            s.pending.remove(seq);
            if s.pending.is_empty() {
                s.ack_timer = None;
                s.ack_timer_gen += 1;
            }
            if from_user {
                match &queue {
                    Some(key) => {
                        if let Some(qs) = self
                            .channels
                            .get_mut(&channel)
                            .and_then(|ch| ch.queues.get_mut(key))
                        {
                            qs.rdlv_count.remove(&seq);
                        }
                    }
                    None => {
                        s.rdlv_count.remove(&seq);
                    }
                }
            }
        }
        if let Some(owner) = owner {
            self.emit(Event::AckProcessed { sub: owner, seq });
        }
        // processAck checks the stall of the subscription the ack came in on (found or not),
        // not of the member that owned the message.
        let Some(s) = self.subs.get_mut(&sub_id) else {
            return;
        };
        let unstall = s.stalled && (s.pending.len() as u64) < s.max_in_flight;
        if unstall {
            s.stalled = false;
            self.start_delivery(sub_id);
        }
    }
}
