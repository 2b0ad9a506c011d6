//! Publishing: `processClientPublish`, the IO loop's store-then-dispatch, `ackPublisher`.
//!
//! The rules it follows: docs/semantics.md §3.1, §9.1.

use super::channel::{varint_len, Channel};
use super::state::Broker;
use super::subject::is_channel_name_valid;
use super::timers::Timer;
use super::{err_case_conflict, ConnId, Event, ReqId};
use super::{ERR_INVALID_PUBLISH, ERR_TOO_MANY_CHANNELS};
use std::sync::Arc;

/// Bytes of a node-nats-streaming `PubMsg` (client id, 22-char guid, subject, data, conn id).
fn pub_msg_size(client_id: &str, subject: &str, data: &str) -> u64 {
    let field = |len: u64| {
        if len == 0 {
            0
        } else {
            1 + varint_len(len) + len
        }
    };
    field(client_id.len() as u64)
        + field(22)
        + field(subject.len() as u64)
        + field(data.len() as u64)
        + field(22)
}

impl Broker {
    pub(super) fn on_publish(&mut self, req: ReqId, conn: ConnId, subject: &str, data: Arc<str>) {
        let client_id = self.conn_to_client.get(&conn).cloned();
        self.stats.in_msgs += 1;
        self.stats.in_bytes += pub_msg_size(client_id.as_deref().unwrap_or(""), subject, &data);
        if !is_channel_name_valid(subject) || client_id.is_none() {
            self.emit(Event::PubAck {
                req,
                conn,
                error: Some(ERR_INVALID_PUBLISH.to_string()),
            });
            return;
        }
        let name = match self.lookup_or_create_channel(subject) {
            Ok(name) => name,
            Err(error) => {
                self.emit(Event::PubAck {
                    req,
                    conn,
                    error: Some(error),
                });
                return;
            }
        };
        self.store_and_dispatch(&name, data);
        self.emit(Event::PubAck {
            req,
            conn,
            error: None,
        });
    }

    fn store_and_dispatch(&mut self, name: &Arc<str>, data: Arc<str>) {
        let now = self.now;
        let limits = self.opts.limits.clone();
        let Some(ch) = self.channels.get_mut(name) else {
            return;
        };
        let (seq, evicted) = ch.store(data, now, &limits);
        let arm_age = limits.max_age_ms > 0 && ch.msgs.len() == 1;
        let mut plain = std::mem::take(&mut self.scratch_subs);
        plain.clear();
        plain.extend_from_slice(&ch.plain_subs);
        let mut queues = std::mem::take(&mut self.scratch_queues);
        queues.clear();
        queues.extend(ch.queues.keys().cloned());
        let idle = !ch.has_active_subs();
        self.emit(Event::Stored {
            channel: Arc::clone(name),
            seq,
        });
        if let Some((first, last)) = evicted {
            self.emit(Event::Evicted {
                channel: Arc::clone(name),
                first,
                last,
            });
        }
        if arm_age {
            self.arm_max_age(name);
        }
        if idle {
            self.arm_inactivity(name);
        }
        for &sub in &plain {
            self.send_available(sub);
        }
        for key in &queues {
            self.send_available_to_queue(name, key);
        }
        self.scratch_subs = plain;
        self.scratch_queues = queues;
    }

    /// `lookupOrCreateChannel`: a valid name creates the channel unless the store is full or
    /// the name differs from an existing one only by case.
    pub(super) fn lookup_or_create_channel(&mut self, name: &str) -> Result<Arc<str>, String> {
        if let Some((key, _)) = self.channels.get_key_value(name) {
            return Ok(Arc::clone(key));
        }
        let max = self.opts.limits.max_channels;
        if max > 0 && self.channels.len() as u64 >= max {
            return Err(ERR_TOO_MANY_CHANNELS.to_string());
        }
        let lower = super::case::lower(name);
        if let Some(existing) = self
            .channels
            .keys()
            .find(|k| super::case::lower(k) == lower)
        {
            return Err(err_case_conflict(name, existing));
        }
        let key: Arc<str> = Arc::from(name);
        self.channels
            .insert(Arc::clone(&key), Channel::new(Arc::clone(&key), self.now));
        self.arm_inactivity(&key);
        Ok(key)
    }

    pub(super) fn arm_max_age(&mut self, name: &Arc<str>) {
        let max_age = self.opts.limits.max_age_ms;
        let Some(ch) = self.channels.get_mut(name) else {
            return;
        };
        let Some(front) = ch.msgs.front() else { return };
        ch.age_timer_gen += 1;
        let at = front.timestamp.saturating_add(max_age);
        let gen = ch.age_timer_gen;
        self.timers.arm(
            at,
            Timer::MaxAge {
                channel: Arc::clone(name),
                gen,
            },
        );
    }

    pub(super) fn on_max_age(&mut self, name: &Arc<str>, gen: u64) {
        let now = self.now;
        let max_age = self.opts.limits.max_age_ms;
        let Some(ch) = self.channels.get_mut(name) else {
            return;
        };
        if ch.age_timer_gen != gen {
            return;
        }
        if let Some((first, last)) = ch.expire(now, max_age) {
            self.emit(Event::Evicted {
                channel: Arc::clone(name),
                first,
                last,
            });
        }
        self.arm_max_age(name);
    }

    /// (Re)arms the inactivity timer of a channel that has no active subscription.
    pub(super) fn arm_inactivity(&mut self, name: &Arc<str>) {
        let mi = self.opts.limits.max_inactivity_ms;
        if mi == 0 {
            return;
        }
        let Some(ch) = self.channels.get_mut(name) else {
            return;
        };
        ch.inactivity_gen += 1;
        let at = ch.last_activity.saturating_add(mi);
        let gen = ch.inactivity_gen;
        self.timers.arm(
            at,
            Timer::Inactivity {
                channel: Arc::clone(name),
                gen,
            },
        );
    }

    /// `handleChannelDelete`: no active subscription and nothing stored for `max_inactivity`:
    /// the channel goes with its messages and its offline durables.
    pub(super) fn on_inactivity(&mut self, name: &Arc<str>, gen: u64) {
        let now = self.now;
        let mi = self.opts.limits.max_inactivity_ms;
        let Some(ch) = self.channels.get(name) else {
            return;
        };
        if ch.inactivity_gen != gen || ch.has_active_subs() {
            return;
        }
        if now < ch.last_activity.saturating_add(mi) {
            self.arm_inactivity(name);
            return;
        }
        let mut gone: Vec<_> = ch.durables.values().copied().collect();
        gone.extend(ch.queues.values().filter_map(|q| q.shadow));
        for id in gone {
            self.subs.remove(&id);
        }
        self.channels.remove(name);
        self.emit(Event::ChannelDeleted {
            channel: Arc::clone(name),
        });
    }
}
