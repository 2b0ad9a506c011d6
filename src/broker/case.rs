//! The lower-casing behind `channelStore.checkCase` (a channel whose lower-cased name equals
//! an existing channel's is refused): Unicode's full lower-case mapping, so `Ä` and `ä`, or
//! `ΣΟΦΊΑ` and `σοφία`, are one name. Natively that is `str::to_lowercase`; in the browser it
//! is `String.prototype.toLowerCase`, the same mapping (the full mapping with the final-sigma
//! rule, both from the Unicode Character Database), which keeps Rust's copy of the Unicode
//! case table (about 8 KB of the compressed wasm) out of the bundle. `tests/web_browser.rs`
//! checks the two agree on names in many scripts.

/// `name` lower-cased for the case check.
#[cfg(not(target_arch = "wasm32"))]
pub fn lower(name: &str) -> String {
    name.to_lowercase()
}

/// `name` lower-cased for the case check (the browser's mapping; see the module).
#[cfg(target_arch = "wasm32")]
pub fn lower(name: &str) -> String {
    if name.is_ascii() {
        // The common case without a round trip to JavaScript (the same answer).
        return name.to_ascii_lowercase();
    }
    String::from(js_sys::JsString::from(name).to_lower_case())
}
