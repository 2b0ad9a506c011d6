//! The web app's entry point (built by Trunk for wasm32-unknown-unknown).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<nats_playground::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("The playground runs in the browser: see README.md (scripts/serve.sh).");
}
