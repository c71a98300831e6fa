//! The report module (wasm32): the page fetches it from its own site when a visitor downloads the
//! report as JSON or copies it as ticket text, so the JSON code, the text renderer and a second,
//! whole analysis core (the report as the CLI writes it, with DKIM and DMARC) burden neither the
//! first load nor the DKIM/DMARC module. `crate::ui::module` calls these exports.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// The Report of `input` as pretty JSON with the DKIM/DMARC drawing's `members` in it
    /// (`mxray::report_json`).
    #[wasm_bindgen]
    pub fn report_json(input: String, members: String) -> String {
        mxray::report_json(&input, &members)
    }

    /// The report of `input` as ticket text with the DKIM/DMARC drawing's `part` of it
    /// (`mxray::report_text`).
    #[wasm_bindgen]
    pub fn report_text(input: String, part: String) -> String {
        mxray::report_text(&input, &part)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("mxray-report is the page's report module (wasm32): scripts/build.sh builds it.");
        std::process::exit(2);
    }
}
