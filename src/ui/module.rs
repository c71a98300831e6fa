//! The page's side of its live-check module (`src/live_module.rs`): loaded from the page's own
//! site the first time it is needed, then kept. The module's address is in
//! `<meta name="mxray-live-module">`, which scripts/build.sh adds to index.html; what crosses
//! is described in `crate::browser::bridge`.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::browser::bridge::{decode_outcome, encode_targets};
use crate::browser::live::{SpfClient, SpfOutcome};
use crate::live::LiveTargets;

// Loading is JavaScript's job (a dynamic `import()` relative to the page's address); failures
// come back as one sentence for the visitor.
#[wasm_bindgen(inline_js = "
let loading = null;
function load() {
  const meta = document.querySelector('meta[name=mxray-live-module]');
  if (!meta) return Promise.reject('this copy of mxray was built without its live-check module (scripts/build.sh adds it)');
  loading ??= import(new URL(meta.content, document.baseURI).href)
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { loading = null; throw `the live-check module could not be loaded from this site (${e && e.message || e})`; });
  return loading;
}
export async function call_live_module(name, args) {
  const m = await load();
  if (typeof m[name] !== 'function') throw 'the live-check module is out of date: reload the page';
  try { return await m[name](...args); } catch (e) { throw `live checks failed: ${e && e.message || e}`; }
}")]
extern "C" {
    fn call_live_module(name: &str, args: &Array) -> Promise;
}

/// Call the module's function `name` with `args` (loading the module the first time); its value.
async fn call(name: &str, args: &Array) -> Result<JsValue, String> {
    JsFuture::from(call_live_module(name, args)).await.map_err(|e| e.as_string().unwrap_or_else(|| "live checks failed".into()))
}

fn endpoint_list(endpoints: &[String]) -> Array {
    endpoints.iter().map(|e| JsValue::from_str(e)).collect()
}

/// Run the live checks on `targets` at `endpoints`; the module draws them into `target` while
/// its `data-run` attribute is `run`.
pub async fn live_checks(target: &web_sys::Element, run: &str, targets: &LiveTargets, endpoints: &[String]) -> Result<(), String> {
    let args: Array = [JsValue::from(target), JsValue::from_str(run), encode_targets(targets), endpoint_list(endpoints).into()].into_iter().collect();
    call("live_checks", &args).await.map(|_| ())
}

/// Evaluate `record` for `client` with live DNS at `endpoints`; `on_round` hears how many names
/// each round asks about and says whether to go on (`Ok(None)`: stopped).
pub async fn evaluate_spf(record: &str, client: &SpfClient, endpoints: &[String], mut on_round: impl FnMut(usize) -> bool + 'static) -> Result<Option<SpfOutcome>, String> {
    let callback = Closure::<dyn FnMut(f64) -> bool>::new(move |n: f64| on_round(n as usize));
    let c = client;
    let args: Array = [
        record.into(),
        c.ip.to_string().into(),
        c.sender.as_str().into(),
        c.helo.as_str().into(),
        JsValue::from(c.now as f64),
        endpoint_list(endpoints).into(),
        callback.as_ref().clone(),
    ]
        .into_iter()
        .collect();
    let v = call("spf_evaluate", &args).await?;
    if v.is_null() {
        return Ok(None);
    }
    decode_outcome(&v).map(Some).ok_or_else(|| "the live-check module is out of date: reload the page".into())
}
