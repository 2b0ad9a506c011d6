//! NATS Streaming Playground.
//!
//! - [`broker`]: NATS Streaming server 0.17 as a pure, deterministic state machine (sans-IO).
//! - [`sim`]: virtual clock, simulated clients, scenario runner and trace.
//! - [`playground`]: the playground's state and reducer (panels, history, time), UI-free.
//! - [`lessons`]: the classroom walkthrough, lessons as data with live objectives.
//! - [`json`]: JSON text read and written by hand (no serde machinery in the wasm).
//! - [`num`]: numbers written for people and attributes without float formatting.
//! - [`vecmap`]: the small ordered map the model uses instead of `BTreeMap`.
//! - `ui` (wasm32 only): the Yew app.

pub mod broker;
pub mod chunked;
pub mod json;
pub mod lessons;
pub mod num;
pub mod playground;
pub mod sim;
pub mod vecmap;

#[cfg(target_arch = "wasm32")]
pub mod ui;
