//! The Yew app (wasm32 only).
//!
//! - [`geometry`], [`state`]: pure logic (no yew, no web-sys). Also compiled on the
//!   host by `tests/ui_model.rs`, so their unit tests run with plain `cargo test`.
//! - `app`, `panel`: Yew function components.

pub mod geometry;
pub mod state;

mod app;
mod panel;

pub use app::App;
