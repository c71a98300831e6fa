//! The analysed header section: hops, Authentication-Results, DKIM-Signature tags.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::common::*;

/// The analysed header section of one message.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HeaderReport {
    /// Decoded `From`, for display ("Name <address>").
    pub from: Option<String>,
    /// The first `From` address alone.
    pub from_address: Option<String>,
    /// Decoded `To`, for display.
    pub to: Option<String>,
    /// Every `To` address alone, in order.
    pub to_addresses: Vec<String>,
    /// Decoded `Subject`.
    pub subject: Option<String>,
    /// `Date` as written.
    pub date: Option<String>,
    /// `Date` as RFC 3339, when it could be read.
    pub date_rfc3339: Option<String>,
    /// `Message-ID` without angle brackets.
    pub message_id: Option<String>,
    /// `Return-Path` address (the envelope sender).
    pub return_path: Option<String>,
    /// Decoded `Reply-To`.
    pub reply_to: Option<String>,
    /// The Received chain in order of travel: the first hop is where the message started.
    pub received: Vec<ReceivedHop>,
    /// Seconds from the first dated hop to the last, when both dates could be read.
    pub total_transit_seconds: Option<i64>,
    /// Every Authentication-Results field, top (newest) first as in the message.
    pub authentication_results: Vec<AuthResults>,
    /// Every DKIM-Signature field's tags.
    pub dkim_signatures: Vec<DkimSignature>,
    /// How many header fields were read.
    pub field_count: usize,
}

impl HeaderReport {
    /// The fields people ask about first, labelled, in display order.
    pub fn summary_fields(&self) -> [(&'static str, Option<&str>); 7] {
        [
            ("From", self.from.as_deref()),
            ("To", self.to.as_deref()),
            ("Subject", self.subject.as_deref()),
            ("Date", self.date.as_deref()),
            ("Message-ID", self.message_id.as_deref()),
            ("Return-Path", self.return_path.as_deref()),
            ("Reply-To", self.reply_to.as_deref()),
        ]
    }
}

/// One hop of the Received chain.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReceivedHop {
    /// 1-based position in order of travel.
    pub hop: usize,
    /// The sending host's name as it introduced itself or was looked up.
    pub from: Option<String>,
    /// The sending host's IP address, when recorded.
    pub from_ip: Option<String>,
    /// The receiving host.
    pub by: Option<String>,
    /// The protocol (`ESMTP`, `ESMTPS`, `LMTP`, `HTTP`, ...).
    pub with: Option<String>,
    /// TLS details when stated (version, cipher), or `ESMTPS`-style evidence.
    pub tls: Option<String>,
    /// The receiving server's queue id.
    pub id: Option<String>,
    /// The recipient named by the hop.
    #[serde(rename = "for")]
    pub for_addr: Option<String>,
    /// The envelope sender when the hop notes it (`(envelope-from <a@b>)`).
    pub envelope_from: Option<String>,
    /// The date text after the `;`, as written.
    pub date: Option<String>,
    /// The date as RFC 3339 (UTC offset kept), or null when it could not be read.
    pub timestamp: Option<String>,
    /// The same instant in seconds since the Unix epoch, for the delays (not in the JSON).
    #[serde(skip)]
    pub epoch: Option<i64>,
    /// Seconds since the previous dated hop; negative means a clock is wrong.
    pub delay_seconds: Option<i64>,
    /// The whole field value, unfolded.
    pub raw: String,
    /// 1-based line of the field in the pasted text.
    pub line: usize,
    /// What could not be read or looks wrong in this hop.
    pub problems: Vec<String>,
}

impl ReceivedHop {
    /// The sending host as "name [ip]", either part alone, or empty when neither is known.
    pub fn sender(&self) -> String {
        match (&self.from, &self.from_ip) {
            (Some(name), Some(ip)) => format!("{name} [{ip}]"),
            (Some(name), None) => name.clone(),
            (None, Some(ip)) => format!("[{ip}]"),
            (None, None) => String::new(),
        }
    }
}

/// One Authentication-Results field (RFC 8601).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuthResults {
    /// The host that did the checks.
    pub authserv_id: String,
    /// The authres-version, when given.
    pub version: Option<String>,
    /// Each method's result, in order.
    pub results: Vec<AuthResult>,
    /// Deviations from RFC 8601 (the parser still reads what it can).
    pub errors: Vec<SyntaxError>,
    /// The field value as written.
    pub raw: String,
    /// 1-based line of the field in the pasted text (0 when parsed on its own).
    pub line: usize,
}

impl AuthResults {
    /// Who checked, for people: the authserv-id; for a field without one that carries
    /// Microsoft's own `compauth` result, Microsoft 365 (Exchange Online writes its
    /// Authentication-Results without an authserv-id, as its reference "Anti-spam message
    /// headers in Microsoft 365" shows them); otherwise "an unnamed server".
    pub fn checker(&self) -> &str {
        if !self.authserv_id.is_empty() {
            &self.authserv_id
        } else if self.is_microsoft() {
            "Microsoft 365"
        } else {
            "an unnamed server"
        }
    }

    /// A field as Exchange Online writes it: no authserv-id, a `compauth` result.
    pub fn is_microsoft(&self) -> bool {
        self.authserv_id.is_empty() && self.results.iter().any(|r| r.method == "compauth")
    }
}

/// One `method=result` statement of an Authentication-Results field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuthResult {
    /// `spf`, `dkim`, `dmarc`, `arc`, `iprev`, ... lower-cased.
    pub method: String,
    /// The method version (`dkim/1`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_version: Option<String>,
    /// `pass`, `fail`, `none`, ... lower-cased.
    pub result: String,
    /// The `reason=` text, when given.
    pub reason: Option<String>,
    /// `ptype.property` → value, in order (serialized as a JSON object).
    #[serde(serialize_with = "properties_as_object")]
    pub properties: Vec<AuthProperty>,
    /// Comments in the statement (e.g. `(google.com: domain of ... designates ...)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
}

impl AuthResult {
    /// The identities the result is about (`header.from`, `header.d`, `header.i`,
    /// `smtp.mailfrom`, `smtp.helo`) as `name=value`, in order.
    pub fn identities(&self) -> Vec<String> {
        self.properties
            .iter()
            .filter(|p| matches!(p.property.as_str(), "from" | "d" | "i" | "mailfrom" | "helo"))
            .map(|p| format!("{}={}", p.name(), p.value))
            .collect()
    }
}

/// One `ptype.property=value` of a result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthProperty {
    /// `smtp`, `header`, `body`, `policy`, ... lower-cased (empty for non-standard bare names).
    pub ptype: String,
    /// The property name, lower-cased.
    pub property: String,
    /// The value, unquoted.
    pub value: String,
}

impl AuthProperty {
    /// `ptype.property`, or the bare name when there is no ptype.
    pub fn name(&self) -> String {
        if self.ptype.is_empty() {
            self.property.clone()
        } else {
            format!("{}.{}", self.ptype, self.property)
        }
    }
}

fn properties_as_object<S: Serializer>(props: &[AuthProperty], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(props.len()))?;
    for p in props {
        map.serialize_entry(&p.name(), &p.value)?;
    }
    map.end()
}

/// The tags of one DKIM-Signature field (RFC 6376 §3.5), as listed; verification comes later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DkimSignature {
    /// `d=`: the signing domain.
    pub domain: Option<String>,
    /// `s=`: the selector.
    pub selector: Option<String>,
    /// `a=`: the algorithm.
    pub algorithm: Option<String>,
    /// `h=`: the signed header fields, in order.
    pub signed_headers: Vec<String>,
    /// Every tag as `name=value` (whitespace removed from `b=`/`bh=`), in order.
    pub tags: Vec<(String, String)>,
    /// 1-based line of the field in the pasted text.
    pub line: usize,
}
