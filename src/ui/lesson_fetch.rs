//! Opening a lesson in the web app. Lesson files are not in the wasm: the first time a lesson
//! opens, its file is fetched from `lessons/` beside the page, parsed, kept for the page's
//! life, and handed to the store. While it loads the lesson column says so; a failed fetch or
//! a damaged file says why and leaves the canvas as it was. If the learner picks another
//! lesson meanwhile, the slower answer is dropped.

use super::store::{Msg, Store};
use crate::lessons::{catalog, Lesson};
use crate::playground::NoticeKind;
use crate::vecmap::VecMap;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

thread_local! {
    static FETCHED: RefCell<VecMap<usize, Rc<Lesson>>> = const { RefCell::new(VecMap::new()) };
}

/// Fetches lesson number `n` (or takes it from those already fetched), then dispatches
/// `then(lesson)`, or an error notice.
pub fn fetch_then(store: &UseReducerHandle<Store>, n: usize, then: fn(Rc<Lesson>) -> Msg) {
    let dispatch = store.dispatcher();
    if let Some(l) = FETCHED.with(|f| f.borrow().get(&n).cloned()) {
        // Also ends any fetch still running for another lesson: its answer will be dropped.
        dispatch.dispatch(Msg::LessonLoading(None));
        dispatch.dispatch(then(l));
        return;
    }
    let loading = Rc::clone(&store.loading);
    dispatch.dispatch(Msg::LessonLoading(Some(n)));
    yew::platform::spawn_local(async move {
        let result = fetch(n).await;
        if loading.get() != Some(n) {
            return; // another lesson was asked for meanwhile
        }
        dispatch.dispatch(Msg::LessonLoading(None));
        match result {
            Ok(l) => {
                FETCHED.with(|f| f.borrow_mut().insert(n, Rc::clone(&l)));
                dispatch.dispatch(then(l));
            }
            Err(e) => dispatch.dispatch(Msg::Tell(NoticeKind::Error, e)),
        }
    });
}

async fn fetch(n: usize) -> Result<Rc<Lesson>, String> {
    let entry = catalog::nth(n).ok_or_else(|| format!("There is no lesson {}.", n + 1))?;
    let why = |reason: String| {
        format!(
            "Lesson {} (“{}”) could not be loaded: {reason}. Check the connection and try again; the canvas is unchanged.",
            n + 1,
            entry.title
        )
    };
    let text = fetch_text(&catalog::url(&entry)).await.map_err(why)?;
    let lesson = Lesson::parse(&text).map_err(|e| why(format!("its file is damaged ({e})")))?;
    if lesson.id != entry.id {
        return Err(why(format!("the file holds lesson “{}”", lesson.id)));
    }
    Ok(Rc::new(lesson))
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| describe(&e))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the answer was not an HTTP response".to_string())?;
    if !response.ok() {
        return Err(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response.text().map_err(|e| describe(&e))?;
    JsFuture::from(text)
        .await
        .map_err(|e| describe(&e))?
        .as_string()
        .ok_or_else(|| "the file is not text".to_string())
}

/// A JavaScript exception's message (e.g. `TypeError: Failed to fetch`).
fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.to_string()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused the request".to_string())
}
