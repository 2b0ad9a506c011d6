#[cfg(target_arch = "wasm32")]
fn main() {}
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("The playground runs in the browser: see README.md (scripts/serve.sh).");
}
