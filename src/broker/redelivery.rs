//! AckWait expiry (`performAckExpirationRedelivery`).
//!
//! The rules it follows: docs/semantics.md §4.6, §4.7, §9.4.
//!
//! When a subscription's ack timer fires, the server takes its pending messages sorted by
//! expiry, once, and walks that list:
//! * a message the store no longer holds (removed by a limit) is acked silently, due or not,
//!   before its expiry is looked at (`getMsgForRedelivery`); that ack may un-stall the
//!   subscription, which then gets the first stored message as a fresh delivery;
//! * a message whose expiry is within 15 ms of now is sent again, once in this pass (forced
//!   past MaxInFlight, flagged redelivered, count + 1): a plain subscription resends it to
//!   itself and its expiry moves to old expiry + AckWait (which may still be in the past: it
//!   waits for the next pass); a queue member's message goes to the group's best member;
//! * the first message not yet due ends the walk, and the timer is re-armed at its expiry;
//!   when none was left undue, at now + AckWait (or it stops if nothing is pending).
//!
//! A plain subscription whose client is missing heartbeats is skipped for one AckWait.

use super::delivery::bump;
use super::state::Broker;
use super::SubId;

/// Messages expiring within this margin are redelivered in the same pass.
const EXPIRY_MARGIN_MS: u64 = 15;

impl Broker {
    pub(super) fn on_ack_timer(&mut self, sub_id: SubId) {
        let now = self.now;
        let Some(sub) = self.subs.get(&sub_id) else {
            return;
        };
        if sub.pending.is_empty() || sub.is_offline() {
            self.stop_ack_timer(sub_id);
            return;
        }
        if sub.queue.is_none() && sub.has_failed_hb {
            let at = now.saturating_add(sub.ack_wait_ms);
            self.set_ack_timer(sub_id, at);
            return;
        }
        let limit = now.saturating_add(EXPIRY_MARGIN_MS);
        // The pending messages in expiry order, up to and including the first one the loop
        // below stops at (stored, not yet expired): not all of them, which under a
        // never-acking listener are thousands, on every firing.
        let channel = self.channels.get(&sub.channel);
        let mut sorted: Vec<(u64, u64)> = Vec::new();
        for (expire, seq) in sub.pending.by_expiry() {
            sorted.push((expire, seq));
            if expire > limit && channel.is_some_and(|ch| ch.msg(seq).is_some()) {
                break;
            }
        }
        let mut next_expiry = None;
        for (expire, seq) in sorted {
            let Some(sub) = self.subs.get(&sub_id) else {
                return;
            };
            if !sub.pending.contains(seq) {
                continue;
            }
            let stored = self
                .channels
                .get(&sub.channel)
                .is_some_and(|ch| ch.msg(seq).is_some());
            if !stored {
                // Removed by the store limits: acked on the subscriber's behalf. Its count
                // can never be shown again.
                self.forget_count(sub_id, seq);
                self.on_ack(sub_id, seq, false);
                continue;
            }
            if expire > limit {
                next_expiry = Some(expire);
                break;
            }
            if self.redeliver_one(sub_id, seq, expire) {
                // Another member got it: the server acks it on this one's behalf
                // (`processAck`, not from the user), which may un-stall it.
                self.on_ack(sub_id, seq, false);
            }
        }
        let Some(sub) = self.subs.get(&sub_id) else {
            return;
        };
        // `adjustAckTimer`.
        match next_expiry {
            Some(at) => self.set_ack_timer(sub_id, at),
            None if sub.pending.is_empty() => self.stop_ack_timer(sub_id),
            None => {
                let at = now.saturating_add(sub.ack_wait_ms);
                self.set_ack_timer(sub_id, at);
            }
        }
    }

    fn forget_count(&mut self, sub_id: SubId, seq: u64) {
        let Some(sub) = self.subs.get_mut(&sub_id) else {
            return;
        };
        sub.rdlv_count.remove(&seq);
        let Some(key) = sub.queue.as_ref() else {
            return;
        };
        if let Some(qs) = self
            .channels
            .get_mut(&sub.channel)
            .and_then(|ch| ch.queues.get_mut(key))
        {
            qs.rdlv_count.remove(&seq);
        }
    }

    /// Redelivers one expired (and stored) message; true when it went to another queue
    /// member and must leave this subscription's pending.
    fn redeliver_one(&mut self, sub_id: SubId, seq: u64, expire: u64) -> bool {
        let (channels, subs, mut out) = self.parts();
        let Some(sub) = subs.get_mut(&sub_id) else {
            return false;
        };
        let Some(ch) = channels.get_mut(&sub.channel) else {
            return false;
        };
        let Some(msg) = ch.msg(seq).cloned() else {
            return false;
        };
        let Some(key) = sub.queue.clone() else {
            let count = bump(&mut sub.rdlv_count, seq);
            out.deliver(sub, &msg, true, count);
            sub.pending.set(seq, expire.saturating_add(sub.ack_wait_ms));
            return false;
        };
        let Some(qs) = ch.queues.get_mut(&key) else {
            return false;
        };
        let count = bump(&mut qs.rdlv_count, seq);
        let target = qs
            .pick(|id| match subs.get(&id) {
                Some(s) => (s.pending.len(), !s.stalled && !s.has_failed_hb),
                None => (usize::MAX, false),
            })
            .unwrap_or(sub_id);
        if target == sub_id {
            let Some(sub) = subs.get_mut(&sub_id) else {
                return false;
            };
            out.deliver(sub, &msg, true, count);
            sub.pending.set(seq, expire.saturating_add(sub.ack_wait_ms));
            return false;
        }
        // Another member gets it; an internal ack takes it off this one (the count stays).
        let Some(t) = subs.get_mut(&target) else {
            return false;
        };
        out.deliver(t, &msg, true, count);
        let at = out.now.saturating_add(t.ack_wait_ms);
        t.pending.set(seq, at);
        out.ensure_ack_timer(t, at);
        // `sendMsgToSub` adds it as a new pending message: LastSent moves up if it is higher,
        // and so does the group's (`sendMsgToQueueGroup`).
        t.last_sent = t.last_sent.max(seq);
        qs.last_sent = qs.last_sent.max(t.last_sent);
        true
    }
}
