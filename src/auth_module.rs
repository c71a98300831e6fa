//! The DKIM/DMARC module (wasm32): the page fetches it from its own site when a pasted message
//! or DMARC record needs it, so the crypto (RSA, Ed25519, SHA-1/SHA-256), the Public Suffix List
//! and the DMARC/DKIM analysis are not part of the first load. `crate::ui::module` calls these
//! exports; `crate::browser::auth_view` draws. The masking of a report for sharing
//! (`mxray::redact`) is here too, for the same list.

#[cfg(target_arch = "wasm32")]
mod exports {
    use mxray::browser::auth_view::show_auth_checks;
    use mxray::browser::bridge::AuthInput;
    use wasm_bindgen::prelude::*;

    /// Check `input` (a `kind`: `record`, `message` or `headers`), drawing into `target` while
    /// its `data-run` is `run`; keys and records are looked up at `endpoints` (empty: offline).
    #[wasm_bindgen]
    /// Resolves to `[headline, first step or null]` for a record (the page's banner), else `null`.
    pub async fn auth_checks(target: web_sys::Element, run: String, kind: String, input: String, endpoints: Vec<String>) -> Result<JsValue, JsValue> {
        let kind = AuthInput::from_name(&kind).ok_or_else(|| JsValue::from_str("the page asked for an unknown check: reload it"))?;
        Ok(match show_auth_checks(target, run, kind, &input, endpoints).await {
            Some((headline, step)) => js_sys::Array::of2(&headline.into(), &step.map_or(JsValue::NULL, JsValue::from)).into(),
            None => JsValue::NULL,
        })
    }

    /// `input` with what identifies people masked (`mxray::redact`: it needs the Public Suffix
    /// List this module carries), for the page's masked view, its link and its ticket text.
    #[wasm_bindgen]
    pub fn redact(input: String) -> String {
        mxray::redact::redact(&input)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("mxray-auth is the page's DKIM/DMARC module (wasm32): scripts/build.sh builds it.");
        std::process::exit(2);
    }
}
