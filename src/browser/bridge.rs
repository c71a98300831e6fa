//! What values cross between the page and its live-check module, both directions in one place.
//! The two are separate wasm instances, so values travel as plain JavaScript values:
//! - live checks: the page passes an element, a run id, the targets as
//!   `[envelope_sender, sender_domain, from_domain, [[selector, domain], …], [recipient domain, …],
//!   server_ip, server_name]` (absent values `null`) and the resolver URLs; the module draws into
//!   the element (`live_view`) and returns nothing;
//! - an SPF evaluation: the module returns `[result, reason, explanation | null]`, or `null`
//!   when the page stopped it;
//! - DKIM/DMARC checks (the other module): an element, a run id, the kind of input
//!   ([`AuthInput`] by name), the pasted text and the resolver URLs (none: offline); the module
//!   draws into the element (`auth_view`) and returns nothing. It leaves its part of the report
//!   in the element, on a hidden `.report-part` child: `data-text` (appended to the ticket text)
//!   and `data-json` (members spliced into the pretty-printed JSON Report before its closing
//!   brace: `,\n  "dkim": …`), read by the page's copy and download buttons.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::live::SpfOutcome;
use crate::live::LiveTargets;
use crate::spf::SpfResult;

fn text_or_null(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

fn texts(items: impl Iterator<Item = JsValue>) -> JsValue {
    items.collect::<Array>().into()
}

/// The page's side: live-check targets as a JavaScript value.
pub fn encode_targets(t: &LiveTargets) -> JsValue {
    let keys = t.dkim_keys.iter().map(|(s, d)| Array::of2(&s.into(), &d.into()).into());
    let (ip, name) = match &t.sending_server {
        Some((ip, name)) => (JsValue::from(ip.to_string()), text_or_null(name.as_deref())),
        None => (JsValue::NULL, JsValue::NULL),
    };
    [
        text_or_null(t.envelope_sender.as_deref()),
        text_or_null(t.sender_domain.as_deref()),
        text_or_null(t.from_domain.as_deref()),
        texts(keys),
        texts(t.recipient_domains.iter().map(|d| d.into())),
        ip,
        name,
    ]
    .into_iter()
    .collect::<Array>()
    .into()
}

/// The module's side: live-check targets, or `None` when the value is not them.
pub fn decode_targets(v: &JsValue) -> Option<LiveTargets> {
    let a: &Array = v.dyn_ref()?;
    let list = |i: u32| a.get(i).dyn_into::<Array>().ok();
    let dkim_keys = list(3)?
        .iter()
        .map(|k| {
            let k: Array = k.dyn_into().ok()?;
            Some((k.get(0).as_string()?, k.get(1).as_string()?))
        })
        .collect::<Option<_>>()?;
    let sending_server = match a.get(5).as_string() {
        Some(ip) => Some((ip.parse().ok()?, a.get(6).as_string())),
        None => None,
    };
    Some(LiveTargets {
        envelope_sender: a.get(0).as_string(),
        sender_domain: a.get(1).as_string(),
        from_domain: a.get(2).as_string(),
        dkim_keys,
        recipient_domains: list(4)?.iter().map(|d| d.as_string()).collect::<Option<_>>()?,
        sending_server,
    })
}

/// The module's side: an SPF outcome as a JavaScript value.
pub fn encode_outcome(o: &SpfOutcome) -> JsValue {
    Array::of3(&o.result.as_str().into(), &o.reason.as_str().into(), &text_or_null(o.explanation.as_deref())).into()
}

/// The page's side: an SPF outcome, or `None` when the value is not one.
pub fn decode_outcome(v: &JsValue) -> Option<SpfOutcome> {
    let a: &Array = v.dyn_ref()?;
    let name = a.get(0).as_string()?;
    let result = SpfResult::ALL.into_iter().find(|r| r.as_str() == name)?;
    Some(SpfOutcome { result, reason: a.get(1).as_string()?, explanation: a.get(2).as_string() })
}

/// What kind of text the DKIM/DMARC module is given to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthInput {
    /// A DMARC record.
    Record,
    /// A whole message (its signatures can be verified).
    Message,
    /// A header block (no body: signatures cannot be verified).
    Headers,
}

impl AuthInput {
    /// The name the page passes.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthInput::Record => "record",
            AuthInput::Message => "message",
            AuthInput::Headers => "headers",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<AuthInput> {
        [AuthInput::Record, AuthInput::Message, AuthInput::Headers].into_iter().find(|k| k.as_str() == name)
    }
}
