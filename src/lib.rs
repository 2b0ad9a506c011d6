//! NATS Streaming Playground.
//!
//! - [`broker`]: NATS Streaming server 0.17 as a pure, deterministic state machine (sans-IO).
//! - [`sim`]: virtual clock, simulated clients, scenario runner and trace.
//! - [`playground`]: the playground's state and reducer (panels, history, time), UI-free.
//! - [`lessons`]: the classroom walkthrough, lessons as data with live objectives.
//! - [`fnv`]: the one stable hash (link fingerprints, channel colours).
//! - [`json`]: JSON text read and written by hand (no serde machinery in the wasm).
//! - [`num`]: numbers written for people and attributes without float formatting.
//! - [`vecmap`]: the small ordered map the model uses instead of `BTreeMap`.
//! - [`ui`]: the Yew app (wasm32 only), beside its view model (host and wasm alike).

pub mod broker;
pub mod chunked;
pub mod fnv;
pub mod json;
pub mod lessons;
pub mod num;
pub mod playground;
pub mod sim;
pub mod vecmap;

pub mod ui;
