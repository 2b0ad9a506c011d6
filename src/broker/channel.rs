//! A channel: its message log (`MemoryMsgStore`) and the subscriptions hanging off it
//! (`subStore`: plain subs, durables, queue groups).

use super::queue::QueueGroup;
use super::{Millis, StoreLimits, SubId};
use crate::vecmap::VecMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub seq: u64,
    pub data: Arc<str>,
    pub timestamp: Millis,
    /// Protobuf size of the stored `MsgProto` (what `bytes` and `max_bytes` count).
    pub size: u64,
}

/// Bytes of a protobuf varint.
pub fn varint_len(mut n: u64) -> u64 {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

/// Nanosecond timestamps of today's dates take a 9-byte varint; the model uses that width.
const TIMESTAMP_FIELD_BYTES: u64 = 1 + 9;

/// `MsgProto.Size()` for a stored message (no reply, no redelivery fields, CRC never set).
pub fn stored_size(seq: u64, subject: &str, data: &str) -> u64 {
    let subj = subject.len() as u64;
    let d = data.len() as u64;
    let data_field = if d == 0 { 0 } else { 1 + varint_len(d) + d };
    (1 + varint_len(seq)) + (1 + varint_len(subj) + subj) + data_field + TIMESTAMP_FIELD_BYTES
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub name: Arc<str>,
    /// Clones share all but the newest messages (the playground keeps checkpoints).
    pub msgs: crate::chunked::Chunked<Msg>,
    /// Sequence of the oldest stored message, or `last_seq + 1` when none is stored.
    pub first_seq: u64,
    pub last_seq: u64,
    pub bytes: u64,
    pub last_timestamp: Millis,
    /// Online plain subscriptions (online durables included), in creation order.
    pub(super) plain_subs: Vec<SubId>,
    /// Plain durables by `clientID-subject-durable`, online or offline.
    pub(super) durables: VecMap<String, SubId>,
    /// Queue groups by `group` or `durable:group`.
    pub(super) queues: VecMap<Arc<str>, QueueGroup>,
    /// Last time a message was stored or the last active subscription left.
    pub last_activity: Millis,
    pub age_timer_gen: u64,
    pub inactivity_gen: u64,
}

impl Channel {
    pub fn new(name: Arc<str>, now: Millis) -> Self {
        Self {
            name,
            msgs: Default::default(),
            first_seq: 1,
            last_seq: 0,
            bytes: 0,
            last_timestamp: 0,
            plain_subs: Vec::new(),
            durables: VecMap::new(),
            queues: VecMap::new(),
            last_activity: now,
            age_timer_gen: 0,
            inactivity_gen: 0,
        }
    }

    pub fn msg(&self, seq: u64) -> Option<&Msg> {
        if seq < self.first_seq {
            return None;
        }
        self.msgs.get((seq - self.first_seq) as usize)
    }

    /// First and last sequence as monitoring reports them (`0/0` for a channel never written).
    pub fn reported_range(&self) -> (u64, u64) {
        if self.last_seq == 0 {
            (0, 0)
        } else {
            (self.first_seq, self.last_seq)
        }
    }

    /// Appends a message and applies `max_msgs`/`max_bytes` (`MemoryMsgStore.Store`): while more
    /// than one message is stored and a limit is exceeded, the oldest goes. Returns the evicted range.
    pub fn store(
        &mut self,
        data: Arc<str>,
        now: Millis,
        limits: &StoreLimits,
    ) -> (u64, Option<(u64, u64)>) {
        let seq = self.last_seq + 1;
        let timestamp = now.max(self.last_timestamp);
        let size = stored_size(seq, &self.name, &data);
        if self.msgs.is_empty() {
            self.first_seq = seq;
        }
        self.msgs.push_back(Msg {
            seq,
            data,
            timestamp,
            size,
        });
        self.last_seq = seq;
        self.last_timestamp = timestamp;
        self.bytes += size;
        self.last_activity = now;
        let over = |c: &Channel| {
            (limits.max_msgs > 0 && c.msgs.len() as u64 > limits.max_msgs)
                || (limits.max_bytes > 0 && c.bytes > limits.max_bytes)
        };
        let mut evicted = None;
        while self.msgs.len() > 1 && over(self) {
            let gone = self.pop_oldest();
            evicted = Some((evicted.map_or(gone, |(f, _)| f), gone));
        }
        (seq, evicted)
    }

    fn pop_oldest(&mut self) -> u64 {
        let m = self
            .msgs
            .pop_front()
            .expect("pop_oldest on a non-empty log");
        self.bytes -= m.size;
        self.first_seq = m.seq + 1;
        m.seq
    }

    /// `expireMsgs`: removes from the front every message with `now - timestamp >= max_age`.
    pub fn expire(&mut self, now: Millis, max_age: Millis) -> Option<(u64, u64)> {
        let mut range = None;
        while let Some(front) = self.msgs.front() {
            if now.saturating_sub(front.timestamp) < max_age {
                break;
            }
            let gone = self.pop_oldest();
            range = Some((range.map_or(gone, |(f, _)| f), gone));
        }
        range
    }

    /// First sequence whose timestamp is `>= since`, if any.
    pub fn first_seq_since(&self, since: Millis) -> Option<u64> {
        let idx = self.msgs.partition_point(|m| m.timestamp < since);
        self.msgs.get(idx).map(|m| m.seq)
    }

    pub fn total_subs(&self) -> usize {
        let offline_durables = self.durables.len() - self.online_durables();
        let queue: usize = self
            .queues
            .values()
            .map(|q| q.members.len() + usize::from(q.members.is_empty() && q.shadow.is_some()))
            .sum();
        self.plain_subs.len() + offline_durables + queue
    }

    fn online_durables(&self) -> usize {
        // Online durables sit in plain_subs too; the caller's count of durables that are
        // offline needs the ones that are not.
        self.durables
            .values()
            .filter(|id| self.plain_subs.contains(id))
            .count()
    }

    /// Any subscription attached to a client (offline durables and shadows do not count).
    pub fn has_active_subs(&self) -> bool {
        !self.plain_subs.is_empty() || self.queues.values().any(|q| !q.members.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_size_matches_msgproto_size() {
        // subject foo, data hello, seq 1 -> 2 + 5 + 7 + 10 = 24 (TestMaxBytes computes it so).
        assert_eq!(stored_size(1, "foo", "hello"), 24);
    }

    #[test]
    fn store_limits_evict_the_oldest_but_keep_the_newest() {
        let limits = StoreLimits {
            max_msgs: 2,
            ..Default::default()
        };
        let mut c = Channel::new("foo".into(), 0);
        for i in 0..4 {
            c.store(format!("m{i}").into(), i, &limits);
        }
        assert_eq!((c.first_seq, c.last_seq, c.msgs.len()), (3, 4, 2));
        assert!(c.msg(2).is_none());
        assert_eq!(&*c.msg(4).unwrap().data, "m3");
    }

    #[test]
    fn max_bytes_keeps_a_message_larger_than_the_limit() {
        let limits = StoreLimits {
            max_bytes: 10,
            ..Default::default()
        };
        let mut c = Channel::new("foo".into(), 0);
        c.store("a long payload".into(), 0, &limits);
        c.store("another long payload".into(), 1, &limits);
        assert_eq!(c.msgs.len(), 1);
        assert_eq!(c.first_seq, 2);
    }
}
