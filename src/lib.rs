//! mxray's analysis core: text in, [`Report`] out.
//!
//! The core does no I/O and knows nothing of the DOM; the web UI (`ui`, wasm32 only) and the CLI
//! (`src/bin/mxray.rs`) are thin front ends over [`analyze`]. See ARCHITECTURE.md.

#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub mod auth;
pub mod authres;
pub mod bounce;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod codes;
pub mod detect;
pub mod dns;
pub mod dkim;
#[cfg(feature = "dmarc")]
pub mod dmarc;
mod events;
pub mod explain;
pub mod headers;
pub mod live;
pub mod mailbox;
#[cfg(not(target_arch = "wasm32"))]
pub mod net;
pub mod received;
#[cfg(feature = "dmarc")]
pub mod redact;
pub mod render;
pub mod report;
mod scan;
mod smtp;
pub mod spf;
pub mod typo;

#[cfg(target_arch = "wasm32")]
pub mod ui;

mod pipeline;

// The face: what the front ends and tests use.
pub use pipeline::{analyze, detect_and_read};
#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub use pipeline::{analyze_live, report_json, report_text};
pub use report::*;

