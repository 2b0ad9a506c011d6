//! Thin, panic-free wrappers over the browser APIs the header actions use: storage, the URL,
//! the clipboard, downloads and file reading. Every call that can throw is caught: a browser
//! that refuses (no storage, no clipboard, private mode) gives an `Err`, never a crash.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Storage, Url};

#[wasm_bindgen]
extern "C" {
    /// The Compression Streams API (web-sys has it only behind an unstable flag).
    type CompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;

    type DecompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;

    /// A stream's default reader (`stream.getReader()`).
    type Reader;

    #[wasm_bindgen(method)]
    fn read(this: &Reader) -> Promise;

    #[wasm_bindgen(method)]
    fn cancel(this: &Reader) -> Promise;
}

/// Why the browser did not unpack raw DEFLATE.
pub enum Inflate {
    /// No `DecompressionStream("deflate-raw")` in this browser.
    Unsupported,
    /// Damaged, cut short, or it would unpack past the bound.
    Refused,
}

/// `packed` (raw DEFLATE) unpacked by the browser (`DecompressionStream("deflate-raw")`),
/// read chunk by chunk: it stops as soon as the output would pass `limit` bytes, before
/// the chunk that passes it is copied.
pub async fn inflate_raw(packed: &[u8], limit: usize) -> Result<Vec<u8>, Inflate> {
    let ds = DecompressionStream::new("deflate-raw").map_err(|_| Inflate::Unsupported)?;
    let refused = |_| Inflate::Refused;
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(packed)))
        .map_err(refused)?;
    let pair = web_sys::ReadableWritablePair::new(&ds.readable(), &ds.writable());
    let reader: Reader = blob
        .stream()
        .pipe_through(&pair)
        .get_reader()
        .unchecked_into();
    let mut out = Vec::new();
    loop {
        let next = JsFuture::from(reader.read()).await.map_err(refused)?;
        let done = Reflect::get(&next, &JsValue::from_str("done")).map_err(refused)?;
        if done.as_bool() != Some(false) {
            return Ok(out);
        }
        let chunk: Uint8Array = Reflect::get(&next, &JsValue::from_str("value"))
            .map_err(refused)?
            .dyn_into()
            .map_err(refused)?;
        let at = out.len();
        let n = chunk.length() as usize;
        if at + n > limit {
            let _ = reader.cancel();
            return Err(Inflate::Refused);
        }
        out.resize(at + n, 0);
        chunk.copy_to(&mut out[at..]);
    }
}

/// `bytes` compressed as raw DEFLATE by the browser (`CompressionStream("deflate-raw")`).
/// `Err` in browsers without it (the caller then sends stored blocks).
pub async fn deflate_raw(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let fail = |e: JsValue| format!("{e:?}");
    let cs = CompressionStream::new("deflate-raw").map_err(fail)?;
    let blob =
        Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes))).map_err(fail)?;
    let pair = web_sys::ReadableWritablePair::new(&cs.readable(), &cs.writable());
    let compressed = blob.stream().pipe_through(&pair);
    let response =
        web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).map_err(fail)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(fail)?)
        .await
        .map_err(fail)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// `localStorage`, if the browser lets the page have it.
pub fn local_storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

/// `sessionStorage` (per tab, survives reloads), if the browser lets the page have it.
pub fn session_storage() -> Option<Storage> {
    window()?.session_storage().ok().flatten()
}

pub fn get(storage: &Storage, key: &str) -> Option<String> {
    storage.get_item(key).ok().flatten()
}

/// Stores `value`; `false` if the browser refused (quota, private mode).
pub fn set(storage: &Storage, key: &str, value: &str) -> bool {
    storage.set_item(key, value).is_ok()
}

pub fn remove(storage: &Storage, key: &str) {
    let _ = storage.remove_item(key);
}

/// The URL's fragment without `#` ("" when there is none).
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's URL without its fragment.
pub fn url_without_fragment() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.find('#') {
        Some(i) => href[..i].to_string(),
        None => href,
    }
}

/// Replaces the fragment in the address bar without reloading or adding a history entry.
/// `None` removes it.
pub fn replace_fragment(fragment: Option<&str>) -> bool {
    let base = url_without_fragment();
    let url = match fragment {
        Some(f) => format!("{base}#{f}"),
        None => base,
    };
    window().and_then(|w| w.history().ok()).is_some_and(|h| {
        h.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            .is_ok()
    })
}

/// Calls `ok` or `err` when the promise settles (each at most once).
pub fn on_settled(
    promise: &Promise,
    ok: impl FnOnce(JsValue) + 'static,
    err: impl FnOnce(JsValue) + 'static,
) {
    let ok: Closure<dyn FnMut(JsValue)> = Closure::once(ok);
    let err: Closure<dyn FnMut(JsValue)> = Closure::once(err);
    let _ = promise.then2(&ok, &err);
    // Owned by the promise from now on (a few bytes per share or import).
    ok.forget();
    err.forget();
}

/// Copies `text` to the clipboard; `done(true)` when it worked. Browsers without the async
/// clipboard (insecure pages, old browsers) or that refuse permission give `done(false)`.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + Clone + 'static) {
    let clipboard = window()
        .map(|w| w.navigator())
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        .filter(|c| c.is_object())
        .map(|c| c.unchecked_into::<web_sys::Clipboard>());
    let Some(clipboard) = clipboard else {
        done(false);
        return;
    };
    let call = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&clipboard, &JsValue::from_str(text)).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok());
    match call {
        Some(p) => {
            let d2 = done.clone();
            on_settled(&p, move |_| done(true), move |_| d2(false));
        }
        None => done(false),
    }
}

/// Offers `bytes` as a file download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: JsValue| format!("the browser refused the download ({e:?})");
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let bag = BlobPropertyBag::new();
    bag.set_type(mime);
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &bag).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a: HtmlAnchorElement = doc
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a).map_err(fail)?;
    a.click();
    a.remove();
    // The browser has taken its copy once the click is handled; free the blob a little later.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Reads a file as text.
pub fn read_text(
    file: &web_sys::File,
    ok: impl FnOnce(String) + 'static,
    err: impl FnOnce(String) + 'static,
) {
    let blob: &Blob = file.as_ref();
    let promise = blob.text();
    on_settled(
        &promise,
        move |v| ok(v.as_string().unwrap_or_default()),
        move |e| {
            err(e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the browser could not read it".into()))
        },
    );
}

/// Whether the viewport is narrow (a phone): matches the CSS breakpoint.
pub fn narrow_screen() -> bool {
    window()
        .and_then(|w| w.match_media("(max-width: 900px)").ok().flatten())
        .is_some_and(|m| m.matches())
}
