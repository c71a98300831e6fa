//! The web page (wasm32 only): small yew function components that render a `Report`.
//!
//! The UI never parses mail itself: it hands text to `crate::analyze` and renders the result.

mod app;
mod bounce_view;
mod headers_view;
mod input;
mod spf_view;
mod summary;

pub use app::App;
pub use bounce_view::{BounceProps, BounceView, ExplanationList, ExplanationProps};
pub use headers_view::{AuthProps, AuthResultsView, HopTimeline, HopsProps, ReceivedTable};
pub use spf_view::{EvaluateForm, EvaluateProps, SpfProps, SpfView};
pub use summary::{DetectionBanner, FindingsList};
