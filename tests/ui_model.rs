//! Host tests for the pure parts of the (wasm32-only) UI.
//!
//! `src/ui` is compiled only for wasm32, where plain `#[test]`s do not run, so the
//! pure files are compiled here too and their `#[cfg(test)]` unit tests run with
//! `cargo test` on the host. Only include files that use std alone (and the library's
//! `num`, re-exported here under the path they name it by).

use nats_playground::num;

#[allow(dead_code)]
#[path = "../src/ui/geometry.rs"]
mod geometry;

#[allow(dead_code)]
#[path = "../src/ui/format.rs"]
mod format;
