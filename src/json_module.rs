//! The JSON module (wasm32): the page fetches it from its own site when a visitor downloads the
//! report as JSON, so the JSON code and a second, whole analysis core (the report as the CLI
//! writes it, with DKIM and DMARC) burden neither the first load nor the DKIM/DMARC module.
//! `crate::ui::module` calls this export.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// The Report of `input` as pretty JSON with the DKIM/DMARC drawing's `members` in it
    /// (`mxray::report_json`).
    #[wasm_bindgen]
    pub fn report_json(input: String, members: String) -> String {
        mxray::report_json(&input, &members)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("mxray-json is the page's JSON module (wasm32): scripts/build.sh builds it.");
        std::process::exit(2);
    }
}
