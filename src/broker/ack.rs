//! Acks (`processAck`): remove from pending, un-stall, send more.
//!
//! The rules it follows: docs/semantics.md §4.3, §4.8, §5.5, §9.3.

use super::state::Broker;
use super::{Event, SubId};
use std::sync::Arc;

impl Broker {
    /// An ack for `seq` on `sub`'s ack inbox. `from_user` is false for the internal ack the
    /// server sends itself when a queue message moved to another member.
    pub(super) fn on_ack(&mut self, sub_id: SubId, seq: u64, from_user: bool) {
        let Some(sub) = self.subs.get_mut(&sub_id) else {
            // The ack inbox is gone (subscription closed): the ack is lost.
            return;
        };
        if sub.is_offline() {
            return;
        }
        // The ack timer keeps running even when nothing is left pending: processAck
        // "leaves the reset/cancel of the ackTimer to the redelivery cb", which clears it if
        // nothing is pending when it fires, or re-arms it at the next expiry.
        let queued = sub.queue.is_some();
        let owner = if sub.pending.remove(seq).is_some() {
            if from_user && !queued {
                sub.rdlv_count.remove(&seq);
            }
            Some(sub_id)
        } else if from_user && queued {
            // A late ack from a member that no longer holds the message settles it wherever
            // it is.
            let (channel, key) = (Arc::clone(&sub.channel), sub.queue.clone());
            let found = key
                .as_ref()
                .and_then(|k| self.channels.get(&channel)?.queues.get(k))
                .and_then(|qs| {
                    qs.members
                        .iter()
                        .copied()
                        .find(|m| self.subs.get(m).is_some_and(|s| s.pending.contains(seq)))
                });
            if let Some(s) = found.and_then(|m| self.subs.get_mut(&m)) {
                s.pending.remove(seq);
            }
            found
        } else {
            None
        };
        let Some(owner) = owner else {
            self.check_unstall(sub_id);
            return;
        };
        if from_user && queued {
            // A queue group keeps one redelivery count per message, for all its members.
            let (subs, channels) = (&self.subs, &mut self.channels);
            if let Some(qs) = subs.get(&sub_id).and_then(|s| {
                channels
                    .get_mut(&s.channel)?
                    .queues
                    .get_mut(s.queue.as_ref()?)
            }) {
                qs.rdlv_count.remove(&seq);
            }
        }
        self.emit(Event::AckProcessed { sub: owner, seq });
        self.check_unstall(sub_id);
    }

    /// processAck checks the stall of the subscription the ack came in on (found or not), not
    /// of the member that owned the message.
    fn check_unstall(&mut self, sub_id: SubId) {
        let Some(s) = self.subs.get_mut(&sub_id) else {
            return;
        };
        if s.stalled && (s.pending.len() as u64) < s.max_in_flight {
            s.stalled = false;
            self.start_delivery(sub_id);
        }
    }
}
