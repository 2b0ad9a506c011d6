//! The monitoring JSON of nats-streaming-server 0.17, field for field and in order
//! (`server/monitor.go`; 0.17 has no `subs_count`, which later versions added).
//!
//! Built as `serde_json` values in the server's field order (the `preserve_order` feature
//! keeps insertion order) rather than through derived `Serialize` impls: one small builder
//! instead of a serializer instantiation per struct in the wasm bundle.

use serde_json::{Map, Value};

/// A JSON object under construction, fields in the order they are put.
#[derive(Default)]
pub struct Obj(Map<String, Value>);

impl Obj {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn put(self, key: &str, value: impl Into<Value>) -> Self {
        self.insert(key, value.into())
    }

    /// The one copy of the insertion (`put` is generic only in its conversion).
    #[inline(never)]
    fn insert(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.to_string(), value);
        self
    }

    /// Puts the field only when there is a value (`omitempty` in the server's structs).
    pub fn put_some(self, key: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.put(key, v),
            None => self,
        }
    }

    pub fn done(self) -> Value {
        Value::Object(self.0)
    }
}
