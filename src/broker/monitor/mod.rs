//! The monitoring endpoints (`-m 8222`): `/streaming/serverz`, `storez`, `clientsz`,
//! `channelsz`, answered from the broker's state at the current virtual time.

pub mod json;
mod query;
pub mod time;

use super::channel::Channel;
use super::state::Broker;
use super::subscription::Subscription;
use crate::vecmap::VecMap;
use json::Obj;
use query::{page, Query};
use serde_json::{Map, Value};

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

    /// `HTTP 404 Not Found`, as a browser's network panel shows it.
    pub fn status_line(&self) -> String {
        match self.status {
            200 => "HTTP 200 OK".into(),
            404 => "HTTP 404 Not Found".into(),
            n => format!("HTTP {n}"),
        }
    }

    /// How a trace records it: `{"status": N, "text": "<body as sent>"}`.
    pub fn recorded(&self) -> Value {
        Obj::new()
            .put("status", self.status)
            .put("text", self.body.as_str())
            .done()
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
            "/streaming/serverz" => self.serverz(),
            "/streaming/storez" => self.storez(),
            "/streaming/clientsz" => match q.get("client") {
                Some(id) => self.one_client(id, q.subs())?,
                None => self.clientsz(&q),
            },
            "/streaming/channelsz" => match q.get("channel") {
                Some(name) => self.one_channel(name, q.subs())?,
                None => self.channelsz(&q),
            },
            _ => return Err(MonitorError::not_found("404 page not found".into())),
        };
        Ok(value)
    }

    fn now_str(&self) -> String {
        time::rfc3339(self.now)
    }

    pub fn serverz(&self) -> Value {
        let (total_msgs, total_bytes) = self.totals();
        let subscriptions: usize = self.channels.values().map(Channel::total_subs).sum();
        Obj::new()
            .put("cluster_id", self.opts.cluster_id.as_str())
            .put("server_id", self.server_id.as_str())
            .put("version", VERSION)
            .put("go", GO_VERSION)
            .put("state", "STANDALONE")
            .put("now", self.now_str())
            .put("start_time", time::rfc3339(0))
            .put("uptime", time::uptime(self.now))
            .put("clients", self.clients.len())
            .put("subscriptions", subscriptions)
            .put("channels", self.channels.len())
            .put("total_msgs", total_msgs)
            .put("total_bytes", total_bytes)
            .put("in_msgs", self.stats.in_msgs)
            .put("in_bytes", self.stats.in_bytes)
            .put("out_msgs", self.stats.out_msgs)
            .put("out_bytes", self.stats.out_bytes)
            .put("open_fds", 20 + self.clients.len() as u64)
            .put("max_fds", 1_048_576u64)
            .done()
    }

    fn totals(&self) -> (u64, u64) {
        self.channels
            .values()
            .fold((0, 0), |(m, b), c| (m + c.msgs.len() as u64, b + c.bytes))
    }

    pub fn storez(&self) -> Value {
        let l = &self.opts.limits;
        let (total_msgs, total_bytes) = self.totals();
        let limits = Obj::new()
            .put("max_channels", l.max_channels)
            .put("max_msgs", l.max_msgs)
            .put("max_bytes", l.max_bytes)
            .put("max_age", l.max_age_ms.saturating_mul(1_000_000))
            .put("max_subscriptions", l.max_subs)
            .put(
                "max_inactivity",
                l.max_inactivity_ms.saturating_mul(1_000_000),
            )
            .done();
        Obj::new()
            .put("cluster_id", self.opts.cluster_id.as_str())
            .put("server_id", self.server_id.as_str())
            .put("now", self.now_str())
            .put("type", "MEMORY")
            .put("limits", limits)
            .put("total_msgs", total_msgs)
            .put("total_bytes", total_bytes)
            .done()
    }

    fn subz(&self, s: &Subscription) -> Value {
        // A durable queue group's shadow shows the group's cursor.
        let last_sent = match (&s.queue, s.is_offline()) {
            (Some(key), true) => self
                .channels
                .get(&s.channel)
                .and_then(|c| c.queues.get(&**key))
                .map_or(s.last_sent, |q| q.last_sent),
            _ => s.last_sent,
        };
        Obj::new()
            .put("client_id", s.client_id.as_str())
            .put("inbox", s.inbox.as_str())
            .put("ack_inbox", s.ack_inbox.as_str())
            .put_some("durable_name", s.durable_name.as_deref())
            .put_some("queue_name", s.queue.as_deref())
            .put("is_durable", s.is_durable)
            .put("is_offline", s.is_offline())
            .put("max_inflight", s.max_in_flight)
            .put("ack_wait", s.ack_wait_ms / 1000)
            .put("last_sent", last_sent)
            .put("pending_count", s.pending.len())
            .put("is_stalled", s.stalled)
            .done()
    }

    /// Every subscription monitoring lists for a channel: plain (online durables included),
    /// offline durables, queue members, and a durable group's shadow.
    pub fn channel_subscriptions(&self, ch: &Channel) -> Vec<&Subscription> {
        self.channel_view(&ch.name)
            .map(|v| v.subscriptions())
            .unwrap_or_default()
    }

    fn channelz(&self, ch: &Channel, subs: bool) -> Value {
        let (first_seq, last_seq) = ch.reported_range();
        let list: Vec<Value> = if subs {
            self.channel_subscriptions(ch)
                .into_iter()
                .map(|s| self.subz(s))
                .collect()
        } else {
            Vec::new()
        };
        Obj::new()
            .put("name", &*ch.name)
            .put("msgs", ch.msgs.len())
            .put("bytes", ch.bytes)
            .put("first_seq", first_seq)
            .put("last_seq", last_seq)
            .put_some("subscriptions", (!list.is_empty()).then_some(list))
            .done()
    }

    fn one_channel(&self, name: &str, subs: bool) -> Result<Value, MonitorError> {
        self.channels
            .get(name)
            .map(|ch| self.channelz(ch, subs))
            .ok_or_else(|| MonitorError::not_found(format!("Channel {name} not found")))
    }

    pub fn channelsz(&self, q: &Query) -> Value {
        let (offset, limit) = q.paging();
        let total = self.channels.len();
        let chans: Vec<&Channel> = page(self.channels.values().collect(), offset, limit);
        let count = chans.len();
        let (names, channels) = if q.subs() {
            let list: Vec<Value> = chans.iter().map(|c| self.channelz(c, true)).collect();
            (None, (!list.is_empty()).then_some(list))
        } else {
            let list: Vec<Value> = chans.iter().map(|c| Value::from(&*c.name)).collect();
            ((!list.is_empty()).then_some(list), None)
        };
        Obj::new()
            .put("cluster_id", self.opts.cluster_id.as_str())
            .put("server_id", self.server_id.as_str())
            .put("now", self.now_str())
            .put("offset", offset)
            .put("limit", limit)
            .put("count", count)
            .put("total", total)
            .put_some("names", names)
            .put_some("channels", channels)
            .done()
    }

    fn clientz(&self, c: &super::Client, subs: bool) -> Value {
        let mut by_channel: VecMap<String, Vec<Value>> = VecMap::new();
        if subs {
            for s in c.subs.iter().filter_map(|id| self.subs.get(id)) {
                by_channel
                    .get_or_default(s.channel.to_string())
                    .push(self.subz(s));
            }
        }
        // Keyed by channel name, sorted (as Go's encoding/json writes a map).
        let subscriptions = (!by_channel.is_empty()).then(|| {
            by_channel
                .iter_mut()
                .map(|(k, v)| (k.clone(), Value::Array(std::mem::take(v))))
                .collect::<Map<String, Value>>()
        });
        Obj::new()
            .put("id", c.id.as_str())
            .put("hb_inbox", c.hb_inbox.as_str())
            .put_some("subscriptions", subscriptions.map(Value::Object))
            .done()
    }

    fn one_client(&self, id: &str, subs: bool) -> Result<Value, MonitorError> {
        self.clients
            .get(id)
            .map(|c| self.clientz(c, subs))
            .ok_or_else(|| MonitorError::not_found(format!("Client {id} not found")))
    }

    pub fn clientsz(&self, q: &Query) -> Value {
        let (offset, limit) = q.paging();
        let total = self.clients.len();
        let clients: Vec<Value> = page(self.clients.values().collect(), offset, limit)
            .into_iter()
            .map(|c| self.clientz(c, q.subs()))
            .collect();
        Obj::new()
            .put("cluster_id", self.opts.cluster_id.as_str())
            .put("server_id", self.server_id.as_str())
            .put("now", self.now_str())
            .put("offset", offset)
            .put("limit", limit)
            .put("count", clients.len())
            .put("total", total)
            .put("clients", clients)
            .done()
    }
}
