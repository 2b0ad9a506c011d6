//! Sending messages to subscriptions: `sendMsgToSub`, `sendAvailableMessages`,
//! `sendAvailableMessagesToQueue`, `performDurableRedelivery`.
//!
//! The rules it follows: docs/semantics.md §4.5, §5.2, §6, §9.2.

use super::channel::{varint_len, Msg};
use super::queue::QueueGroup;
use super::state::{Broker, Stats};
use super::subscription::Subscription;
use super::timers::{Timer, Timers};
use super::{Delivery, Event, Millis, SubId};
use crate::vecmap::VecMap;
use std::collections::VecDeque;
use std::sync::Arc;

/// The parts of the broker a send writes to, borrowed apart from channels and subscriptions.
pub(super) struct Out<'a> {
    pub now: Millis,
    pub events: &'a mut VecDeque<Event>,
    pub timers: &'a mut Timers,
    pub stats: &'a mut Stats,
}

impl Out<'_> {
    /// Puts a `MsgProto` on the subscription's inbox (nobody reads it if the client died).
    pub fn deliver(&mut self, sub: &Subscription, msg: &Msg, redelivered: bool, count: u32) {
        self.stats.out_msgs += 1;
        self.stats.out_bytes += msg.size
            + if redelivered {
                2 + 1 + varint_len(count as u64)
            } else {
                0
            };
        if let Some(conn) = sub.conn {
            self.events.push_back(Event::Deliver {
                conn,
                sub: sub.id,
                msg: Delivery {
                    seq: msg.seq,
                    subject: Arc::clone(&sub.channel),
                    data: Arc::clone(&msg.data),
                    timestamp: msg.timestamp,
                    redelivered,
                    redelivery_count: count,
                },
            });
        }
    }

    /// Arms the ack timer at the first send (`setupAckTimer`).
    pub fn ensure_ack_timer(&mut self, sub: &mut Subscription, at: Millis) {
        if sub.ack_timer.is_none() {
            sub.ack_timer_gen += 1;
            sub.ack_timer = Some(at);
            self.timers.arm(
                at,
                Timer::Ack {
                    sub: sub.id,
                    gen: sub.ack_timer_gen,
                },
            );
        }
    }

    /// `sendMsgToSub` honouring MaxInFlight: refuses (and stalls) when the window is full,
    /// stalls after the send that fills it.
    pub fn send_honoring_max_in_flight(&mut self, sub: &mut Subscription, msg: &Msg) -> bool {
        if sub.pending.len() as u64 >= sub.max_in_flight {
            sub.stalled = true;
            return false;
        }
        self.deliver(sub, msg, false, 0);
        let expire = self.now.saturating_add(sub.ack_wait_ms);
        sub.pending.set(msg.seq, expire);
        sub.last_sent = sub.last_sent.max(msg.seq);
        self.ensure_ack_timer(sub, expire);
        if sub.pending.len() as u64 >= sub.max_in_flight {
            sub.stalled = true;
        }
        true
    }
}

fn msg_at(msgs: &crate::chunked::Chunked<Msg>, first_seq: u64, seq: u64) -> Option<&Msg> {
    seq.checked_sub(first_seq)
        .and_then(|i| msgs.get(i as usize))
}

/// The channels and subscriptions of the broker, with its output.
type Parts<'a> = (
    &'a mut crate::vecmap::VecMap<Arc<str>, super::Channel>,
    &'a mut crate::vecmap::VecMap<SubId, Subscription>,
    Out<'a>,
);

impl Broker {
    /// Borrows the channels, the subscriptions and the output apart, so a send can read one
    /// while it writes the others.
    pub(super) fn parts(&mut self) -> Parts<'_> {
        let Broker {
            channels,
            subs,
            events,
            timers,
            stats,
            now,
            ..
        } = self;
        (
            channels,
            subs,
            Out {
                now: *now,
                events,
                timers,
                stats,
            },
        )
    }

    /// `sendAvailableMessages`: from `last_sent + 1` while not stalled and messages exist.
    pub(super) fn send_available(&mut self, sub_id: SubId) {
        let (channels, subs, mut out) = self.parts();
        let Some(sub) = subs.get_mut(&sub_id) else {
            return;
        };
        let Some(ch) = channels.get(&sub.channel) else {
            return;
        };
        // sendAvailableMessages loops only while the subscription is not stalled, and the
        // jump past messages the store limits removed (getNextMsg) happens inside that loop:
        // a stalled subscription keeps its LastSent.
        if sub.is_offline() || sub.stalled {
            return;
        }
        let mut next = sub.last_sent + 1;
        if next < ch.first_seq {
            // What it would have got next was removed by the store limits.
            next = ch.first_seq;
            sub.last_sent = next - 1;
        }
        while !sub.stalled && next <= ch.last_seq {
            let Some(msg) = ch.msg(next) else { break };
            if !out.send_honoring_max_in_flight(sub, msg) {
                break;
            }
            next += 1;
        }
    }

    /// `sendAvailableMessagesToQueue`: the group's shared cursor, one member per message.
    pub(super) fn send_available_to_queue(&mut self, channel: &str, key: &str) {
        let (channels, subs, mut out) = self.parts();
        let Some(ch) = channels.get_mut(channel) else {
            return;
        };
        let (msgs, first_seq, last_seq) = (&ch.msgs, ch.first_seq, ch.last_seq);
        let Some(qs) = ch.queues.get_mut(key) else {
            return;
        };
        if qs.members.is_empty() {
            return;
        }
        let all_stalled = |qs: &QueueGroup, subs: &VecMap<SubId, Subscription>| {
            qs.members
                .iter()
                .all(|m| subs.get(m).is_none_or(|s| s.stalled))
        };
        // As for a plain subscription: the loop (and the jump past removed messages inside
        // it) runs only while some member is not stalled.
        if all_stalled(qs, subs) {
            return;
        }
        let mut next = qs.last_sent + 1;
        if next < first_seq {
            next = first_seq;
            qs.last_sent = next - 1;
        }
        while next <= last_seq {
            if all_stalled(qs, subs) {
                break;
            }
            let Some(msg) = msg_at(msgs, first_seq, next) else {
                break;
            };
            let Some(pick) = qs.pick(|id| match subs.get(&id) {
                Some(s) => (s.pending.len(), !s.stalled && !s.has_failed_hb),
                None => (usize::MAX, false),
            }) else {
                break;
            };
            let Some(member) = subs.get_mut(&pick) else {
                break;
            };
            if !out.send_honoring_max_in_flight(member, msg) {
                break;
            }
            qs.last_sent = qs.last_sent.max(member.last_sent);
            next += 1;
            // `sendMsgToSub` answers "send no more" when this send filled the member's
            // window, and the group's loop stops there even if other members have room: the
            // next publish or ack carries on.
            if member.stalled {
                break;
            }
        }
    }

    /// Starts delivery to a subscription that just became ready.
    pub(super) fn start_delivery(&mut self, sub_id: SubId) {
        let Some(s) = self.subs.get(&sub_id) else {
            return;
        };
        match s.queue.clone() {
            Some(key) => {
                let channel = Arc::clone(&s.channel);
                self.send_available_to_queue(&channel, &key);
            }
            None => self.send_available(sub_id),
        }
    }

    /// `performDurableRedelivery`: a resumed durable (or a member taking over a durable
    /// queue's shadow) first gets every pending message again, in sequence order, past
    /// MaxInFlight, flagged redelivered.
    pub(super) fn redeliver_all_pending(&mut self, sub_id: SubId) {
        let (channels, subs, mut out) = self.parts();
        let Some(sub) = subs.get_mut(&sub_id) else {
            return;
        };
        let Some(ch) = channels.get_mut(&sub.channel) else {
            return;
        };
        let seqs = sub.pending.seqs();
        for seq in seqs {
            let Some(msg) = msg_at(&ch.msgs, ch.first_seq, seq) else {
                // Removed by the store limits: acked on the subscriber's behalf (the resume
                // then sends from the first stored message as usual); its count is done with.
                sub.pending.remove(seq);
                sub.rdlv_count.remove(&seq);
                if let Some(qs) = sub.queue.as_ref().and_then(|k| ch.queues.get_mut(k)) {
                    qs.rdlv_count.remove(&seq);
                }
                continue;
            };
            let count = match sub.queue.as_ref().and_then(|k| ch.queues.get_mut(k)) {
                Some(qs) => bump(&mut qs.rdlv_count, seq),
                None => bump(&mut sub.rdlv_count, seq),
            };
            out.deliver(sub, msg, true, count);
            // `sendMsgToSub` on a message already pending: its expiry moves by AckWait.
            let expire = sub.pending.expiry(seq).unwrap_or(out.now) + sub.ack_wait_ms;
            sub.pending.set(seq, expire);
        }
        if !sub.pending.is_empty() {
            // `processSub` arms the timer for one AckWait; it re-arms at the next expiry.
            sub.ack_timer = None;
            let at = out.now.saturating_add(sub.ack_wait_ms);
            out.ensure_ack_timer(sub, at);
        }
    }
}

/// Increments and returns a redelivery count.
pub(super) fn bump(counts: &mut super::hash::SeqMap<u32>, seq: u64) -> u32 {
    let c = counts.entry(seq).or_insert(0);
    *c += 1;
    *c
}
