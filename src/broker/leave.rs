//! A subscription leaves (`subStore.Remove`): unsubscribe, close, or its client went away.
//!
//! The rules it follows: docs/semantics.md §4.9, §5.4, §5.6, §6.

use super::state::Broker;
use super::{ConnId, Event, ReqId, SubId};
use super::{ERR_INVALID_SUBSCRIPTION, ERR_UNKNOWN_CLIENT};
use std::sync::Arc;

/// A leaving queue member's messages are handed over with an expiry this far in the past...
const TRANSFER_EXPIRED_BY_MS: u64 = 1000;
/// ...and the receivers' ack timers fire this soon, so they are redelivered almost at once.
const TRANSFER_REDELIVERY_DELAY_MS: u64 = 100;

impl Broker {
    pub(super) fn on_unsub_or_close(
        &mut self,
        req: ReqId,
        conn: ConnId,
        sub: SubId,
        unsubscribe: bool,
    ) {
        let attached = self.subs.get(&sub).is_some_and(|s| s.conn == Some(conn));
        let error = if !self.conn_to_client.contains_key(&conn) {
            Some(ERR_UNKNOWN_CLIENT.to_string())
        } else if !attached {
            Some(ERR_INVALID_SUBSCRIPTION.to_string())
        } else {
            self.remove_subscription(sub, unsubscribe);
            None
        };
        self.emit(Event::SubRemoved {
            req,
            conn,
            sub,
            error,
        });
    }

    /// `unsubscribe` deletes a durable's state; otherwise (close, client gone) a durable goes
    /// offline and a durable queue group's last member leaves a shadow behind.
    pub(super) fn remove_subscription(&mut self, sub_id: SubId, unsubscribe: bool) {
        let now = self.now;
        let Some(sub) = self.subs.get(&sub_id) else {
            return;
        };
        let channel = Arc::clone(&sub.channel);
        let queue = sub.queue.clone();
        let durable_key = sub
            .durable_name
            .as_ref()
            .map(|d| super::Subscription::durable_key(&sub.client_id, &sub.channel, d));
        if let Some(conn) = sub.conn {
            if let Some(c) = self
                .conn_to_client
                .get(&conn)
                .and_then(|id| self.clients.get_mut(id))
            {
                c.subs.retain(|s| *s != sub_id);
            }
        }
        let Some(ch) = self.channels.get_mut(&channel) else {
            self.subs.remove(&sub_id);
            return;
        };
        if let Some(key) = queue {
            let Some(qs) = ch.queues.get_mut(&key) else {
                self.subs.remove(&sub_id);
                return;
            };
            qs.remove_member(sub_id);
            if !qs.members.is_empty() {
                // Hand the unacked messages round-robin to those who stay.
                let members = qs.members.clone();
                let group_last_sent = qs.last_sent;
                let leaving = self.subs.remove(&sub_id);
                let mut receivers = Vec::new();
                if let Some(leaving) = leaving {
                    let expired = now.saturating_sub(TRANSFER_EXPIRED_BY_MS);
                    // `storageUpdate`: the leaving member held the group's lastSent and does
                    // not hand that message over, so the first remaining member records it.
                    let hand_cursor = leaving.last_sent == group_last_sent
                        && !leaving.pending.contains(group_last_sent);
                    if hand_cursor {
                        if let Some(first) = self.subs.get_mut(&members[0]) {
                            first.last_sent = group_last_sent;
                        }
                    }
                    for (i, (_, seq)) in leaving.pending.by_expiry().enumerate() {
                        let to = members[i % members.len()];
                        if let Some(r) = self.subs.get_mut(&to) {
                            r.pending.set(seq, expired);
                            r.last_sent = r.last_sent.max(seq);
                            if !receivers.contains(&to) {
                                receivers.push(to);
                            }
                        }
                    }
                }
                for r in receivers {
                    self.set_ack_timer(r, now.saturating_add(TRANSFER_REDELIVERY_DELAY_MS));
                }
            } else if qs.durable && !unsubscribe {
                // The shadow keeps the group's state, its stalled flag included (monitoring
                // shows it); the member that takes it over clears the flag.
                qs.shadow = Some(sub_id);
                let last_sent = qs.last_sent;
                if let Some(s) = self.subs.get_mut(&sub_id) {
                    s.conn = None;
                    s.last_sent = last_sent;
                }
                self.stop_ack_timer(sub_id);
            } else {
                ch.queues.remove(&key);
                self.subs.remove(&sub_id);
            }
        } else {
            ch.plain_subs.retain(|s| *s != sub_id);
            match durable_key {
                Some(_) if !unsubscribe => {
                    if let Some(s) = self.subs.get_mut(&sub_id) {
                        s.conn = None;
                    }
                    self.stop_ack_timer(sub_id);
                }
                Some(key) => {
                    ch.durables.remove(&key);
                    self.subs.remove(&sub_id);
                }
                None => {
                    self.subs.remove(&sub_id);
                }
            }
        }
        if let Some(ch) = self.channels.get_mut(&channel) {
            if !ch.has_active_subs() {
                ch.last_activity = now;
                self.arm_inactivity(&channel);
            }
        }
    }
}
