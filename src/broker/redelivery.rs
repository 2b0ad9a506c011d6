//! AckWait expiry (`performAckExpirationRedelivery`).
//!
//! When a subscription's ack timer fires, every pending message whose expiry is within 15 ms
//! is sent again (forced past MaxInFlight, flagged redelivered, count + 1), in expiry order.
//! A plain subscription sends it to itself and moves its expiry by AckWait; a queue member's
//! message goes to the group's best member. A plain subscription whose client is missing
//! heartbeats is skipped for one AckWait.

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
        let mut budget = sub.pending.len();
        while budget > 0 {
            budget -= 1;
            let Some(sub) = self.subs.get(&sub_id) else {
                return;
            };
            let Some((expire, seq)) = sub.pending.first_expiring() else {
                break;
            };
            if expire > limit {
                break;
            }
            if self.redeliver_one(sub_id, seq, expire) {
                // The server acks it on the subscriber's behalf (`processAck`, not from the
                // user): off this subscription's pending, which may un-stall it.
                self.on_ack(sub_id, seq, false);
            }
        }
        let Some(sub) = self.subs.get(&sub_id) else {
            return;
        };
        match sub.pending.first_expiring() {
            None => self.stop_ack_timer(sub_id),
            Some((next, _)) => {
                let at = if next > now {
                    next
                } else {
                    now.saturating_add(sub.ack_wait_ms)
                };
                self.set_ack_timer(sub_id, at);
            }
        }
    }

    /// Redelivers one expired message; true when it must leave this subscription's pending
    /// (removed by the store limits, or handed to another queue member).
    fn redeliver_one(&mut self, sub_id: SubId, seq: u64, expire: u64) -> bool {
        let (channels, subs, mut out) = self.parts();
        let Some(sub) = subs.get_mut(&sub_id) else {
            return false;
        };
        let Some(ch) = channels.get_mut(&sub.channel) else {
            return false;
        };
        let Some(msg) = ch.msg(seq).cloned() else {
            // Removed by the store limits: acked on the subscriber's behalf.
            sub.rdlv_count.remove(&seq);
            return true;
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
