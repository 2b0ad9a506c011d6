//! One test per rule of the behaviour reference (`stan-semantics.md`) that no golden trace in
//! `tests/golden/` covers. Each test is named after its rule; where the behaviour was never
//! recorded against the real server 0.17.0, the test says which section it follows.
//!
//! The goldens win over the reference where they differ (e.g. 0.17 monitoring has no
//! `subs_count`), so nothing here asserts a field 0.17 does not have.

#[path = "rules/support.rs"]
mod support;

#[path = "rules/channels.rs"]
mod channels;
#[path = "rules/connection.rs"]
mod connection;
#[path = "rules/durables.rs"]
mod durables;
#[path = "rules/monitoring.rs"]
mod monitoring;
#[path = "rules/publishing.rs"]
mod publishing;
#[path = "rules/queues.rs"]
mod queues;
#[path = "rules/subscriptions.rs"]
mod subscriptions;
