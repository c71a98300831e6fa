//! The page's on-demand parts (wasm32 only): code that runs in the browser but is not in the
//! first load. `src/live_module.rs` builds [`live`], [`live_view`] and [`doh`] into the
//! live-check module, which the page fetches from its own site only when a visitor switches
//! live checks on; [`bridge`] is the one place that says what values cross between the two.

pub mod bridge;
pub mod doh;
pub mod live;
pub mod live_view;
