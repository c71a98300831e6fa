//! The page's side of its on-demand modules, each loaded from the page's own site the first
//! time it is needed, then kept: the live-check module (`src/live_module.rs`), the DKIM/DMARC
//! module (`src/auth_module.rs`) and the report module (`src/report_module.rs`). Their addresses are
//! in `<meta name="mxray-live-module">`, `<meta name="mxray-auth-module">` and
//! `<meta name="mxray-report-module">`, which scripts/build.sh adds to index.html; what crosses is
//! described in `crate::browser::bridge`. [`use_module_drawing`] gives a module a node to draw in.

use std::future::Future;
use std::pin::Pin;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::browser::bridge::{decode_outcome, encode_targets, AuthInput};
use crate::browser::live::{SpfClient, SpfOutcome};
use crate::live::LiveTargets;

// Loading is JavaScript's job (a dynamic `import()` relative to the page's address); failures
// come back as one sentence for the visitor.
#[wasm_bindgen(inline_js = "
const loading = {};
function load(meta, what) {
  const tag = document.querySelector(`meta[name=${meta}]`);
  if (!tag) return Promise.reject(`this copy of mxray was built without its ${what} module (scripts/build.sh adds it)`);
  loading[meta] ??= import(new URL(tag.content, document.baseURI).href)
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { delete loading[meta]; throw `the ${what} module could not be loaded from this site (${e && e.message || e})`; });
  return loading[meta];
}
export async function call_module(meta, what, name, args) {
  const m = await load(meta, what);
  if (typeof m[name] !== 'function') throw `the ${what} module is out of date: reload the page`;
  try { return await m[name](...args); } catch (e) { throw `${what} checks failed: ${e && e.message || e}`; }
}")]
extern "C" {
    fn call_module(meta: &str, what: &str, name: &str, args: &Array) -> Promise;
}

/// One of the page's on-demand modules.
#[derive(Clone, Copy)]
enum Module {
    Live,
    Auth,
    Report,
}

/// Call `module`'s function `name` with `args` (loading the module the first time); its value.
async fn call(module: Module, name: &str, args: &Array) -> Result<JsValue, String> {
    let (meta, what) = match module {
        Module::Live => ("mxray-live-module", "live-check"),
        Module::Auth => ("mxray-auth-module", "DKIM/DMARC"),
        Module::Report => ("mxray-report-module", "report"),
    };
    JsFuture::from(call_module(meta, what, name, args)).await.map_err(|e| e.as_string().unwrap_or_else(|| format!("{what} checks failed")))
}

fn endpoint_list(endpoints: &[String]) -> Array {
    endpoints.iter().map(|e| JsValue::from_str(e)).collect()
}

/// What a module's run tells the page besides its drawing: a record's headline and first step.
pub type Told = Option<(String, Option<String>)>;

/// A module's drawing: into the element, for the run id, of the work.
pub type Drawing<W> = fn(web_sys::Element, String, W) -> Pin<Box<dyn Future<Output = Result<Told, String>>>>;

/// The node an on-demand module draws `work` into (`None`: nothing to draw). Each new `work`
/// starts a new run, marked on the node as `data-run`; a module draws only while the mark is its
/// own, so a superseded run stops. A module that cannot be had leaves its reason on the node.
/// What the current run told the page comes back with the node (`None` until it tells).
#[hook]
pub fn use_module_drawing<W: PartialEq + Clone + 'static>(work: Option<W>, draw: Drawing<W>) -> (NodeRef, Told) {
    let body = use_node_ref();
    let runs = use_mut_ref(|| 0u32);
    let told = use_state(|| None);
    {
        let (body, told) = (body.clone(), told.clone());
        use_effect_with(work, move |work| {
            told.set(None);
            let target = body.cast::<web_sys::Element>().filter(|_| work.is_some());
            if let (Some(target), Some(work)) = (target.clone(), work.clone()) {
                *runs.borrow_mut() += 1;
                let run = runs.borrow().to_string();
                let _ = target.set_attribute("data-run", &run);
                // Also takes away what the last run drew and left for the report.
                target.set_text_content(Some("Loading…"));
                wasm_bindgen_futures::spawn_local(async move {
                    match draw(target.clone(), run.clone(), work).await {
                        // Only the current run speaks for the page.
                        Ok(said) if target.get_attribute("data-run").as_deref() == Some(run.as_str()) => told.set(said),
                        Ok(_) => {}
                        Err(message) => {
                            target.set_text_content(Some(&message));
                            let _ = target.set_attribute("role", "alert");
                        }
                    }
                });
            }
            move || {
                if let Some(t) = target {
                    let _ = t.remove_attribute("data-run");
                }
            }
        });
    }
    (body, (*told).clone())
}

/// Check `input` (a `kind`) with the DKIM/DMARC module, which draws into `target` while its
/// `data-run` is `run`; keys and records are looked up at `endpoints` (empty: offline).
/// For a record, resolves to its headline and first step.
pub async fn auth_checks(target: &web_sys::Element, run: &str, kind: AuthInput, input: &str, endpoints: &[String]) -> Result<Told, String> {
    let args: Array = [JsValue::from(target), run.into(), kind.as_str().into(), input.into(), endpoint_list(endpoints).into()].into_iter().collect();
    let told = call(Module::Auth, "auth_checks", &args).await?;
    let pair = told.dyn_ref::<Array>();
    Ok(pair.and_then(|p| Some((p.get(0).as_string()?, p.get(1).as_string()))))
}

/// The Report of `input` as JSON (`"report_json"`) or as ticket text (`"report_text"`), with
/// the DKIM/DMARC drawing's part of it, by the report module.
pub async fn report_as(how: &str, input: &str, part: &str) -> Result<String, String> {
    let made = call(Module::Report, how, &Array::of2(&input.into(), &part.into())).await?;
    made.as_string().ok_or_else(|| "the report module is out of date: reload the page".into())
}

/// `input` masked for sharing, by the DKIM/DMARC module (it holds the Public Suffix List).
pub async fn redact(input: &str) -> Result<String, String> {
    let masked = call(Module::Auth, "redact", &Array::of1(&input.into())).await?;
    masked.as_string().ok_or_else(|| "the DKIM/DMARC module is out of date: reload the page".into())
}

/// Run the live checks on `targets` at `endpoints`; the module draws them into `target` while
/// its `data-run` attribute is `run`.
pub async fn live_checks(target: &web_sys::Element, run: &str, targets: &LiveTargets, endpoints: &[String]) -> Result<Told, String> {
    let args: Array = [JsValue::from(target), JsValue::from_str(run), encode_targets(targets), endpoint_list(endpoints).into()].into_iter().collect();
    call(Module::Live, "live_checks", &args).await.map(|_| None)
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
    let v = call(Module::Live, "spf_evaluate", &args).await?;
    if v.is_null() {
        return Ok(None);
    }
    decode_outcome(&v).map(Some).ok_or_else(|| "the live-check module is out of date: reload the page".into())
}
