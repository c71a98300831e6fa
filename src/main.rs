//! Web entry point: trunk builds this for wasm32 and mounts the yew app.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<mxray::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mxray-web is the browser build: run `scripts/serve.sh`, or use the `mxray` CLI.");
    std::process::exit(2);
}
