//! Subscription requests: `processSubscriptionRequest`, `processSub`, `setSubStartSequence`.
//!
//! The rules it follows: docs/semantics.md §4.1, §4.2, §5.3, §6.

use super::channel::Channel;
use super::hash::SeqMap;
use super::pending::Pending;
use super::state::Broker;
use super::subject::is_channel_name_valid;
use super::subscription::Subscription;
use super::{ConnId, Event, Millis, ReqId, StartPosition, SubId, SubscribeRequest};
use super::{
    ERR_DUPLICATE_DURABLE, ERR_DURABLE_QUEUE_COLON, ERR_INVALID_ACK_WAIT,
    ERR_INVALID_MAX_IN_FLIGHT, ERR_INVALID_SUBJECT, ERR_TOO_MANY_SUBS, ERR_UNKNOWN_CLIENT,
};
use std::sync::Arc;

/// The `last_sent` a new subscription starts from: delivery begins at `last_sent + 1`.
pub fn start_last_sent(ch: &Channel, start: &StartPosition, now: Millis) -> u64 {
    match start {
        StartPosition::NewOnly => ch.last_seq,
        StartPosition::LastReceived => ch.last_seq.saturating_sub(1),
        StartPosition::TimeDelta(delta) => match ch.first_seq_since(now.saturating_sub(*delta)) {
            Some(seq) => seq - 1,
            None => ch.last_seq,
        },
        StartPosition::Sequence(n) => {
            if *n < ch.first_seq {
                ch.first_seq - 1
            } else if *n > ch.last_seq {
                ch.last_seq
            } else {
                n - 1
            }
        }
        StartPosition::First => ch.first_seq - 1,
    }
}

/// What a validated request attaches to.
enum Target {
    Plain,
    NewDurable(String),
    ResumeDurable(SubId),
    NewGroup(Arc<str>),
    JoinGroup(Arc<str>),
    TakeOverShadow(Arc<str>, SubId),
}

impl Broker {
    pub(super) fn on_subscribe(&mut self, req: ReqId, conn: ConnId, r: SubscribeRequest) {
        match self.subscribe(conn, &r) {
            Ok((sub, resumed)) => {
                self.emit(Event::Subscribed { req, conn, sub });
                if resumed {
                    self.redeliver_all_pending(sub);
                }
                self.start_delivery(sub);
            }
            Err(error) => self.emit(Event::SubscribeFailed { req, conn, error }),
        }
    }

    /// Validates in the server's order, then creates or resumes. Returns the subscription and
    /// whether it resumed state with pending messages to redeliver first.
    fn subscribe(&mut self, conn: ConnId, r: &SubscribeRequest) -> Result<(SubId, bool), String> {
        if r.ack_wait_secs <= 0 {
            return Err(ERR_INVALID_ACK_WAIT.into());
        }
        if r.max_in_flight <= 0 {
            return Err(ERR_INVALID_MAX_IN_FLIGHT.into());
        }
        if !is_channel_name_valid(&r.subject) {
            return Err(ERR_INVALID_SUBJECT.into());
        }
        let Some(client_id) = self.conn_to_client.get(&conn).cloned() else {
            return Err(ERR_UNKNOWN_CLIENT.into());
        };
        let channel = self.lookup_or_create_channel(&r.subject)?;
        let target = self.target(&channel, &client_id, r)?;
        let ack_wait_ms = (r.ack_wait_secs as u64).saturating_mul(1000);
        let max_in_flight = r.max_in_flight as u64;
        let inbox = self.names.inbox();
        let ack_inbox = self.names.inbox();
        let attach = |s: &mut Subscription| {
            s.conn = Some(conn);
            s.client_id = client_id.clone();
            s.inbox = inbox.clone();
            s.ack_inbox = ack_inbox.clone();
            s.max_in_flight = max_in_flight;
            s.ack_wait_ms = ack_wait_ms;
            s.stalled = false;
            // The flag is pushed to a client's subscriptions only when its heartbeats start
            // or stop failing (`checkClientHealth`), and a resume clears it
            // (`updateDurable`): a subscription made while its client is failing starts
            // without it.
            s.has_failed_hb = false;
        };
        let now = self.now;
        let (id, resumed) = match target {
            Target::ResumeDurable(id) | Target::TakeOverShadow(_, id) => {
                let Some(s) = self.subs.get_mut(&id) else {
                    return Err(ERR_UNKNOWN_CLIENT.into());
                };
                attach(s);
                let resumed = !s.pending.is_empty();
                (id, resumed)
            }
            _ => {
                self.next_sub += 1;
                let id = SubId(self.next_sub);
                let ch = self.channels.get(&channel).ok_or(ERR_INVALID_SUBJECT)?;
                // The member that creates a queue group starts where the group does
                // (`setSubStartSequence` runs for it); one joining a group starts at 0.
                let last_sent = match &target {
                    Target::Plain | Target::NewDurable(_) | Target::NewGroup(_) => {
                        start_last_sent(ch, &r.start, now)
                    }
                    _ => 0,
                };
                let mut s = Subscription {
                    id,
                    channel: Arc::clone(&channel),
                    conn: None,
                    client_id: String::new(),
                    inbox: String::new(),
                    ack_inbox: String::new(),
                    durable_name: match &target {
                        Target::NewDurable(_) => r.durable.clone(),
                        _ => None,
                    },
                    queue: match &target {
                        Target::NewGroup(k) | Target::JoinGroup(k) => Some(k.clone()),
                        _ => None,
                    },
                    is_durable: r.durable.is_some(),
                    max_in_flight,
                    ack_wait_ms,
                    last_sent,
                    pending: Pending::default(),
                    stalled: false,
                    has_failed_hb: false,
                    ack_timer: None,
                    ack_timer_gen: 0,
                    rdlv_count: SeqMap::default(),
                    created: id.0,
                };
                attach(&mut s);
                self.subs.insert(id, s);
                (id, false)
            }
        };
        let start = self
            .channels
            .get(&channel)
            .map(|ch| start_last_sent(ch, &r.start, now))
            .unwrap_or(0);
        let Some(ch) = self.channels.get_mut(&channel) else {
            return Err(ERR_INVALID_SUBJECT.into());
        };
        match target {
            Target::Plain => ch.plain_subs.push(id),
            Target::NewDurable(key) => {
                ch.durables.insert(key, id);
                ch.plain_subs.push(id);
            }
            Target::ResumeDurable(_) => ch.plain_subs.push(id),
            Target::NewGroup(key) => {
                let qs = ch.queues.get_or_default(key);
                qs.last_sent = start;
                qs.durable = r.durable.is_some();
                qs.members.push(id);
            }
            Target::JoinGroup(key) => {
                if let Some(qs) = ch.queues.get_mut(&*key) {
                    qs.members.push(id);
                }
            }
            Target::TakeOverShadow(key, _) => {
                if let Some(qs) = ch.queues.get_mut(&*key) {
                    qs.shadow = None;
                    qs.members.push(id);
                }
            }
        }
        if let Some(c) = self.clients.get_mut(&client_id) {
            c.subs.push(id);
        }
        Ok((id, resumed))
    }

    /// `processSub`: which group or durable the request names, and whether it may attach.
    fn target(
        &mut self,
        channel: &Arc<str>,
        client_id: &str,
        r: &SubscribeRequest,
    ) -> Result<Target, String> {
        let max_subs = self.opts.limits.max_subs;
        let ch = self.channels.get(channel).ok_or(ERR_INVALID_SUBJECT)?;
        let full = max_subs > 0 && ch.total_subs() as u64 >= max_subs;
        let new_sub = |t: Target| {
            if full {
                Err(ERR_TOO_MANY_SUBS.to_string())
            } else {
                Ok(t)
            }
        };
        if let Some(queue) = &r.queue {
            let key: Arc<str> = match &r.durable {
                Some(d) if d.contains(':') => return Err(ERR_DURABLE_QUEUE_COLON.into()),
                Some(d) => format!("{d}:{queue}").into(),
                None => queue.as_str().into(),
            };
            return match ch.queues.get(&*key) {
                Some(qs) if qs.members.is_empty() => match qs.shadow {
                    Some(shadow) => Ok(Target::TakeOverShadow(key, shadow)),
                    None => new_sub(Target::JoinGroup(key)),
                },
                Some(_) => new_sub(Target::JoinGroup(key)),
                None => new_sub(Target::NewGroup(key)),
            };
        }
        let Some(durable) = &r.durable else {
            return new_sub(Target::Plain);
        };
        let key = Subscription::durable_key(client_id, &r.subject, durable);
        let Some(&existing) = ch.durables.get(&key) else {
            return new_sub(Target::NewDurable(key));
        };
        let online = self.subs.get(&existing).is_some_and(|s| !s.is_offline());
        if online {
            return Err(ERR_DUPLICATE_DURABLE.into());
        }
        Ok(Target::ResumeDurable(existing))
    }
}
