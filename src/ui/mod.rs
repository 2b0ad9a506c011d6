//! The Yew app (wasm32 only).
//!
//! - [`geometry`], [`state`]: pure logic (no yew, no web-sys). Also compiled on the
//!   host by `tests/ui_model.rs`, so their unit tests run with plain `cargo test`.
//! - `app`, `panel`: Yew function components.

pub mod geometry;
pub mod state;

mod app;
pub mod lessons;
mod panel;
pub mod persist;
pub mod store;

pub use app::App;
