//! The live-check module (wasm32): the page fetches it from its own site when a visitor
//! switches live checks on, so the DoH client, the DNS wire format and the live checks are not
//! part of the first load. `crate::ui::module` calls these exports; `crate::browser::bridge`
//! says what the values look like.

#[cfg(target_arch = "wasm32")]
mod exports {
    use mxray::browser::bridge::{decode_targets, encode_outcome};
    use mxray::browser::doh::Resolved;
    use mxray::browser::live::{evaluate_spf, SpfClient};
    use mxray::browser::live_view::show_live_checks;
    use wasm_bindgen::prelude::*;

    /// Run the live checks on `targets` (see `bridge`) with the resolvers `endpoints`, drawing
    /// progress and findings into `target` while its `data-run` is `run`.
    #[wasm_bindgen]
    pub async fn live_checks(target: web_sys::Element, run: String, targets: JsValue, endpoints: Vec<String>) -> Result<(), JsValue> {
        let targets = decode_targets(&targets).ok_or_else(|| JsValue::from_str("the page sent unreadable live-check targets: reload it"))?;
        show_live_checks(target, run, &targets, endpoints).await;
        Ok(())
    }

    /// Evaluate `record` for a client with live DNS; `on_round(names)` hears each round and says
    /// whether to go on. Resolves to an outcome, or `null` when stopped; rejects, saying why, when
    /// no resolver could be reached.
    #[wasm_bindgen]
    #[allow(clippy::too_many_arguments)]
    pub async fn spf_evaluate(record: String, ip: String, sender: String, helo: String, now: f64, endpoints: Vec<String>, on_round: js_sys::Function) -> Result<JsValue, JsValue> {
        let ip = ip.parse().map_err(|_| JsValue::from_str("spf_evaluate: not an IP address"))?;
        let client = SpfClient { ip, sender, helo, now: now as u64 };
        let go = |n: usize| on_round.call1(&JsValue::NULL, &JsValue::from(n as f64)).is_ok_and(|go| go.is_truthy());
        match evaluate_spf(&record, &client, endpoints, go).await {
            Resolved::Done(o) => Ok(encode_outcome(&o)),
            Resolved::Stopped => Ok(JsValue::NULL),
            Resolved::Unreachable(why) => Err(JsValue::from_str(&format!(
                "mxray could not reach the DNS resolver ({why}), so the record was not evaluated. Try again, or choose another resolver above."
            ))),
        }
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("mxray-live is the page's live-check module (wasm32): scripts/build.sh builds it.");
        std::process::exit(2);
    }
}
