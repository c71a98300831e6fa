//! The page's on-demand parts (wasm32 only): code that runs in the browser but is not in the
//! first load. `src/live_module.rs` builds [`live`], [`live_view`] and [`doh`] into the
//! live-check module, which the page fetches from its own site only when a visitor switches
//! live checks on; `src/auth_module.rs` builds [`auth_view`] (DKIM and DMARC, with the crypto
//! and the Public Suffix List) into the module it fetches when a pasted message or DMARC record
//! needs them. [`dom`] is how both draw; [`bridge`] says what values cross to the live module.

#[cfg(all(feature = "dkim", feature = "dmarc"))]
pub mod auth_view;
pub mod bridge;
pub mod doh;
pub mod dom;
pub mod live;
pub mod live_view;
