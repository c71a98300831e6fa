//! Web entry point: trunk builds this for wasm32 and mounts the yew app.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Into `#app`, beside the first paint's paste box (`#shell`), which the app takes over; yew
    // empties the element it mounts in, so it must not be the one holding that box.
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<mxray::ui::App>::with_root(root).render(),
        None => yew::Renderer::<mxray::ui::App>::new().render(),
    };
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mxray-web is the browser build: run `scripts/serve.sh`, or use the `mxray` CLI.");
    std::process::exit(2);
}
