//! The web page (wasm32 only): small yew function components that render a `Report`.
//!
//! The UI never parses mail itself: it hands text to `crate::analyze` and renders the result.

mod app;
mod auth;
mod bounce_view;
mod headers_view;
mod input;
mod live;
mod module;
mod share;
mod spf_view;
mod summary;

pub use app::App;
pub use auth::{auth_section, use_auth_checks};
pub use bounce_view::{bounce_view, explanation_list};
pub use headers_view::{auth_results_view, headers_view, hop_timeline, received_table};
pub use spf_view::{spf_view, EvaluateForm, EvaluateProps};
pub use summary::{detection_banner, findings_list};
pub use live::{check_resolver_url, live_section, use_live_checks, LiveControls};
