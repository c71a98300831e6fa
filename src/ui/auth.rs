//! DKIM and DMARC on the page: the section the DKIM/DMARC module draws into, for a pasted DMARC
//! record or a message (or header block) with a From address. The module is fetched from this
//! site when such input is first pasted: nothing pasted leaves the page.

use std::rc::Rc;

use yew::prelude::*;

use super::module::{self, use_module_drawing, Told};
use crate::browser::bridge::AuthInput;
use crate::report::{Detected, Report};

/// What the DKIM/DMARC module checks in `report`, if anything.
fn auth_input(report: &Report) -> Option<AuthInput> {
    let has_from = || report.headers.as_ref().is_some_and(|h| h.from_address.is_some());
    match report.detected {
        Detected::DmarcRecord => Some(AuthInput::Record),
        Detected::Message if has_from() => Some(AuthInput::Message),
        Detected::Headers if has_from() => Some(AuthInput::Headers),
        _ => None,
    }
}

/// The node the DKIM/DMARC module draws `report`'s checks into (of `input`, the analysed text),
/// looking keys and records up at `endpoints` when live checks are on; `None` when the report
/// has nothing for it. With it, for a pasted record, the module's headline and first step.
#[hook]
pub fn use_auth_checks(report: Option<Rc<Report>>, input: Rc<str>, endpoints: Option<Rc<Vec<String>>>) -> (Option<NodeRef>, Told) {
    let kind = report.as_deref().and_then(auth_input);
    let work = kind.map(|k| (k, input, endpoints.unwrap_or_default()));
    let (body, told) = use_module_drawing(work, |target, run, (kind, input, endpoints)| {
        Box::pin(async move { module::auth_checks(&target, &run, kind, &input, &endpoints).await })
    });
    (kind.map(|_| body), told)
}

/// The "DKIM and DMARC" section the module draws into.
pub fn auth_section(body: &NodeRef) -> Html {
    html! {
        <section class="auth" aria-labelledby="auth-title">
            <h2 id="auth-title">{"DKIM and DMARC"}</h2>
            <div class="auth-body" ref={body.clone()}></div>
        </section>
    }
}
