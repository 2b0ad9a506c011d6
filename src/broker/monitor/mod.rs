//! The monitoring endpoints (`-m 8222`): `/streaming/serverz`, `storez`, `clientsz`,
//! `channelsz`, answered from the broker's state at the current virtual time.

pub mod json;
mod query;
pub mod time;

use super::channel::Channel;
use super::state::Broker;
use super::subscription::Subscription;
use crate::vecmap::VecMap;
use json::*;
use query::{page, Query};

/// An answer without a JSON body: an error as `http.Error` sends it (the text ends with a
/// newline), or the HTML index at `/streaming`.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitorError {
    pub status: u16,
    pub body: String,
}

impl MonitorError {
    fn not_found(text: String) -> Self {
        Self {
            status: 404,
            body: format!("{text}\n"),
        }
    }

    /// How a trace records it: `{"status": N, "text": "<body as sent>"}`.
    pub fn recorded(&self) -> serde_json::Value {
        serde_json::json!({ "status": self.status, "text": self.body })
    }
}

/// What `GET /streaming` answers (200, `text/html`).
const INDEX_HTML: &str = concat!(
    "<html lang=\"en\">\n",
    "   <head>\n",
    "    <link rel=\"shortcut icon\" href=\"http://nats.io/img/favicon.ico\">\n",
    "    <style type=\"text/css\">\n",
    "      body { font-family: \"Century Gothic\", CenturyGothic, AppleGothic, sans-serif; font-size: 22; }\n",
    "      a { margin-left: 32px; }\n",
    "    </style>\n",
    "  </head>\n",
    "  <body>\n",
    "    <img src=\"http://nats.io/img/logo.png\" alt=\"NATS Streaming\">\n",
    "    <br/>\n",
    "\t<a href=/streaming/serverz>server</a><br/>\n",
    "\t<a href=/streaming/storez>store</a><br/>\n",
    "\t<a href=/streaming/clientsz>clients</a><br/>\n",
    "\t<a href=/streaming/channelsz>channels</a><br/>\n",
    "    <br/>\n",
    "    <a href=http://nats.io/documentation/server/gnatsd-monitoring/>help</a>\n",
    "  </body>\n",
    "</html>",
);

const VERSION: &str = "0.17.0";
const GO_VERSION: &str = "go1.13.7";

impl Broker {
    /// The answer as a trace records it: the JSON body, or `{"status", "text"}`.
    pub fn monitor_recorded(&self, path: &str) -> serde_json::Value {
        self.monitor(path).unwrap_or_else(|e| e.recorded())
    }

    /// Answers `GET path` on the monitoring port with the JSON body, or the status and text
    /// of an answer that is not JSON. Paths match exactly, as the server's HTTP mux does:
    /// anything else (`/streaming/isFTActive` included: 0.17.0 has no such endpoint) is a 404.
    pub fn monitor(&self, path: &str) -> Result<serde_json::Value, MonitorError> {
        let q = Query::parse(path);
        let value = match q.endpoint.as_str() {
            "/streaming" => {
                return Err(MonitorError {
                    status: 200,
                    body: INDEX_HTML.into(),
                })
            }
            "/streaming/serverz" => serde_json::to_value(self.serverz()),
            "/streaming/storez" => serde_json::to_value(self.storez()),
            "/streaming/clientsz" => match q.get("client") {
                Some(id) => serde_json::to_value(self.one_client(id, q.subs())?),
                None => serde_json::to_value(self.clientsz(&q)),
            },
            "/streaming/channelsz" => match q.get("channel") {
                Some(name) => serde_json::to_value(self.one_channel(name, q.subs())?),
                None => serde_json::to_value(self.channelsz(&q)),
            },
            _ => return Err(MonitorError::not_found("404 page not found".into())),
        };
        value.map_err(|e| MonitorError {
            status: 500,
            body: e.to_string(),
        })
    }

    fn now_str(&self) -> String {
        time::rfc3339(self.now)
    }

    pub fn serverz(&self) -> Serverz {
        let (total_msgs, total_bytes) = self.totals();
        Serverz {
            cluster_id: self.opts.cluster_id.clone(),
            server_id: self.server_id.clone(),
            version: VERSION,
            go: GO_VERSION,
            state: "STANDALONE",
            now: self.now_str(),
            start_time: time::rfc3339(0),
            uptime: time::uptime(self.now),
            clients: self.clients.len(),
            subscriptions: self.channels.values().map(Channel::total_subs).sum(),
            channels: self.channels.len(),
            total_msgs,
            total_bytes,
            in_msgs: self.stats.in_msgs,
            in_bytes: self.stats.in_bytes,
            out_msgs: self.stats.out_msgs,
            out_bytes: self.stats.out_bytes,
            open_fds: 20 + self.clients.len() as u64,
            max_fds: 1_048_576,
        }
    }

    fn totals(&self) -> (u64, u64) {
        self.channels
            .values()
            .fold((0, 0), |(m, b), c| (m + c.msgs.len() as u64, b + c.bytes))
    }

    pub fn storez(&self) -> Storez {
        let l = &self.opts.limits;
        let (total_msgs, total_bytes) = self.totals();
        Storez {
            cluster_id: self.opts.cluster_id.clone(),
            server_id: self.server_id.clone(),
            now: self.now_str(),
            store_type: "MEMORY",
            limits: Limits {
                max_channels: l.max_channels,
                max_msgs: l.max_msgs,
                max_bytes: l.max_bytes,
                max_age: l.max_age_ms * 1_000_000,
                max_subscriptions: l.max_subs,
                max_inactivity: l.max_inactivity_ms * 1_000_000,
            },
            total_msgs,
            total_bytes,
        }
    }

    fn subz(&self, s: &Subscription) -> Subz {
        // A durable queue group's shadow shows the group's cursor.
        let last_sent = match (&s.queue, s.is_offline()) {
            (Some(key), true) => self
                .channels
                .get(&s.channel)
                .and_then(|c| c.queues.get(&**key))
                .map_or(s.last_sent, |q| q.last_sent),
            _ => s.last_sent,
        };
        Subz {
            client_id: s.client_id.clone(),
            inbox: s.inbox.clone(),
            ack_inbox: s.ack_inbox.clone(),
            durable_name: s.durable_name.clone(),
            queue_name: s.queue.as_deref().map(str::to_string),
            is_durable: s.is_durable,
            is_offline: s.is_offline(),
            max_inflight: s.max_in_flight,
            ack_wait: s.ack_wait_ms / 1000,
            last_sent,
            pending_count: s.pending.len(),
            is_stalled: s.stalled,
        }
    }

    /// Every subscription monitoring lists for a channel: plain (online durables included),
    /// offline durables, queue members, and a durable group's shadow.
    pub fn channel_subscriptions(&self, ch: &Channel) -> Vec<&Subscription> {
        let mut ids: Vec<_> = ch.plain_subs.clone();
        ids.extend(
            ch.durables
                .values()
                .filter(|id| !ch.plain_subs.contains(id)),
        );
        for q in ch.queues.values() {
            ids.extend(q.members.iter().copied());
            if q.members.is_empty() {
                ids.extend(q.shadow);
            }
        }
        ids.iter().filter_map(|id| self.subs.get(id)).collect()
    }

    fn channelz(&self, ch: &Channel, subs: bool) -> Channelz {
        let (first_seq, last_seq) = ch.reported_range();
        let list: Vec<Subz> = if subs {
            self.channel_subscriptions(ch)
                .into_iter()
                .map(|s| self.subz(s))
                .collect()
        } else {
            Vec::new()
        };
        Channelz {
            name: ch.name.to_string(),
            msgs: ch.msgs.len(),
            bytes: ch.bytes,
            first_seq,
            last_seq,
            subscriptions: (!list.is_empty()).then_some(list),
        }
    }

    fn one_channel(&self, name: &str, subs: bool) -> Result<Channelz, MonitorError> {
        self.channels
            .get(name)
            .map(|ch| self.channelz(ch, subs))
            .ok_or_else(|| MonitorError::not_found(format!("Channel {name} not found")))
    }

    pub fn channelsz(&self, q: &Query) -> Channelsz {
        let (offset, limit) = q.paging();
        let total = self.channels.len();
        let chans: Vec<&Channel> = page(self.channels.values().collect(), offset, limit);
        let count = chans.len();
        let (names, channels) = if q.subs() {
            let list: Vec<Channelz> = chans.iter().map(|c| self.channelz(c, true)).collect();
            (None, (!list.is_empty()).then_some(list))
        } else {
            let list: Vec<String> = chans.iter().map(|c| c.name.to_string()).collect();
            ((!list.is_empty()).then_some(list), None)
        };
        Channelsz {
            cluster_id: self.opts.cluster_id.clone(),
            server_id: self.server_id.clone(),
            now: self.now_str(),
            offset,
            limit,
            count,
            total,
            names,
            channels,
        }
    }

    fn clientz(&self, c: &super::Client, subs: bool) -> Clientz {
        let mut by_channel: VecMap<String, Vec<Subz>> = VecMap::new();
        if subs {
            for s in c.subs.iter().filter_map(|id| self.subs.get(id)) {
                by_channel
                    .get_or_default(s.channel.to_string())
                    .push(self.subz(s));
            }
        }
        Clientz {
            id: c.id.clone(),
            hb_inbox: c.hb_inbox.clone(),
            subscriptions: (!by_channel.is_empty()).then_some(by_channel),
        }
    }

    fn one_client(&self, id: &str, subs: bool) -> Result<Clientz, MonitorError> {
        self.clients
            .get(id)
            .map(|c| self.clientz(c, subs))
            .ok_or_else(|| MonitorError::not_found(format!("Client {id} not found")))
    }

    pub fn clientsz(&self, q: &Query) -> Clientsz {
        let (offset, limit) = q.paging();
        let total = self.clients.len();
        let clients: Vec<Clientz> = page(self.clients.values().collect(), offset, limit)
            .into_iter()
            .map(|c| self.clientz(c, q.subs()))
            .collect();
        Clientsz {
            cluster_id: self.opts.cluster_id.clone(),
            server_id: self.server_id.clone(),
            now: self.now_str(),
            offset,
            limit,
            count: clients.len(),
            total,
            clients,
        }
    }
}
