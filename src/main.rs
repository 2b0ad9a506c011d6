//! The web app's entry point (built by Trunk for wasm32-unknown-unknown).

#[cfg(target_arch = "wasm32")]
fn main() {
    use nats_playground::ui::App;
    // Through yew (`set_custom_panic_hook`): the renderer replaces any other hook.
    nats_playground::ui::panic::install();
    // No body (impossible in a normal page): nothing to render into, and no panic.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        yew::Renderer::<App>::with_root(body.into()).render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("The playground runs in the browser: see README.md (scripts/serve.sh).");
}
