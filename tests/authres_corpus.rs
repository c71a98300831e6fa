//! The Authentication-Results parser against the shared corpus of upstream parser test vectors
//! (`../shared/corpus/authres/authres-parse.jsonl`, see its README), plus property tests.
//!
//! Scoring: a `valid: false` case agrees when the parse reports at least one error; a
//! `valid: true` case agrees when everything it asserts about the parse holds. `mox-` and
//! `authres-` cases marked valid must also parse without errors, unless listed in
//! `JUSTIFIED_ERRORS` with the kinds of error expected and why they are right.

use mxray::authres::parse_authentication_results;
use mxray::{AuthResult, AuthResults};
use proptest::prelude::*;
use serde_json::Value;

const CORPUS: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/authres/authres-parse.jsonl");

/// Cases where upstream parsers contradict each other and we side with one; printed, and never
/// counted as agreements.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

/// Valid `mox-`/`authres-` cases that still deviate from RFC 8601: (id, every error message
/// must contain one of these, why).
const JUSTIFIED_ERRORS: &[(&str, &[&str], &str)] = &[
    (
        "mox-yahoo",
        &["`perm_fail` is not an RFC 8601 keyword", "`;` with no result after it"],
        "Yahoo writes the result `perm_fail` (`_` is not allowed in a Keyword; the registered \
         result is `permerror`) and ends the field with `;`, which the resinfo grammar forbids",
    ),
    (
        "authres-22",
        &["has no ptype", "`/` is not allowed in the unquoted value of `header.b`"],
        "`version=`, `cipher=`, `bits=` lack the `ptype.` the propspec grammar requires (authres \
         drops them), and `header.b=Qgi/FoC0` has an unquoted `/` (a tspecial; Google quotes it)",
    ),
];

/// The percentage of cases that must agree.
const REQUIRED_PERCENT: usize = 95;

#[test]
fn authres_corpus_agrees() {
    let text = std::fs::read_to_string(CORPUS)
        .unwrap_or_else(|e| panic!("cannot read the corpus at {CORPUS}: {e}"));
    let mut total = 0;
    let mut agree = 0;
    let mut report = Vec::new();
    // AUTHRES_VERBOSE=1 prints every parse as JSON.
    let verbose = std::env::var_os("AUTHRES_VERBOSE").is_some();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("corpus line {} is not JSON: {e}", n + 1));
        let id = case["id"].as_str().unwrap_or("?").to_string();
        let input = case["input"].as_str().unwrap_or_default();
        let parsed = parse_authentication_results(input);
        total += 1;
        let problems = evaluate(&id, &case, &parsed);
        let known = KNOWN_DISAGREEMENTS.iter().find(|(k, _)| *k == id);
        match (problems.is_empty(), known) {
            (true, None) => agree += 1,
            (true, Some((_, why))) => {
                report.push(format!("  {id}: KNOWN DISAGREEMENT (agrees now; remove it?): {why}"))
            }
            (false, None) => report.push(format!("  {id}: FAIL: {}", problems.join("; "))),
            (false, Some((_, why))) => {
                report.push(format!("  {id}: KNOWN DISAGREEMENT ({why}): {}", problems.join("; ")))
            }
        }
        if verbose {
            report.push(format!("  {id}: {}", serde_json::to_string(&parsed).unwrap_or_default()));
        }
        if let Some((_, _, why)) = JUSTIFIED_ERRORS.iter().find(|(j, _, _)| *j == id) {
            let errors: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
            report.push(format!("  {id}: errors accepted ({why}): {errors:?}"));
        }
    }
    println!("authres: {agree}/{total} cases agree");
    for line in &report {
        println!("{line}");
    }
    assert!(total > 0, "the corpus at {CORPUS} is empty");
    assert!(
        agree * 100 >= total * REQUIRED_PERCENT,
        "authres: only {agree}/{total} cases agree (need {REQUIRED_PERCENT}%)"
    );
}

/// Everything that does not hold for one case (empty: the case agrees).
fn evaluate(id: &str, case: &Value, parsed: &AuthResults) -> Vec<String> {
    let expect = &case["expect"];
    let mut problems = Vec::new();
    if expect["valid"] == Value::Bool(false) {
        if parsed.errors.is_empty() {
            problems.push(format!(
                "upstream rejects it, but the parse reports no error (read {} results)",
                parsed.results.len()
            ));
        }
        return problems;
    }
    if let Some(want) = expect.get("authserv_id").and_then(Value::as_str) {
        if parsed.authserv_id != want {
            problems.push(format!("authserv_id {:?}, want {want:?}", parsed.authserv_id));
        }
    }
    if let Some(want) = expect.get("version").and_then(Value::as_str) {
        if parsed.version.as_deref() != Some(want) {
            problems.push(format!("version {:?}, want {want:?}", parsed.version));
        }
    }
    if let Some(results) = expect.get("results").and_then(Value::as_array) {
        compare_results(results, expect["complete"] == Value::Bool(true), parsed, &mut problems);
    }
    for check in expect.get("checks").and_then(Value::as_array).into_iter().flatten() {
        compare_check(check, parsed, &mut problems);
    }
    for assertion in case.get("assertions").and_then(Value::as_array).into_iter().flatten() {
        let expr = assertion["expr"].as_str().unwrap_or_default();
        let want = assertion["expected"].as_str().unwrap_or_default();
        let got = evaluate_expr(parsed, expr);
        if got.as_deref() != Some(want) {
            problems.push(format!("{expr} = {got:?}, want {want:?}"));
        }
    }
    if id.starts_with("mox-") || id.starts_with("authres-") {
        let accepted = JUSTIFIED_ERRORS.iter().find(|(j, _, _)| *j == id).map(|(_, a, _)| *a);
        for error in &parsed.errors {
            let justified =
                accepted.is_some_and(|a| a.iter().any(|pat| error.message.contains(pat)));
            if !justified {
                problems.push(format!("unexpected error in a valid header: {}", error.message));
            }
        }
    }
    problems
}

fn compare_results(
    want: &[Value],
    complete: bool,
    parsed: &AuthResults,
    problems: &mut Vec<String>,
) {
    if complete && want.len() != parsed.results.len() {
        problems.push(format!(
            "{} results ({}), want {}",
            parsed.results.len(),
            parsed.results.iter().map(serialize).collect::<Vec<_>>().join("; "),
            want.len()
        ));
    }
    for (i, w) in want.iter().enumerate() {
        let Some(got) = parsed.results.get(i) else {
            problems.push(format!("results[{i}] missing"));
            continue;
        };
        for (key, value) in [("method", &got.method), ("result", &got.result)] {
            if let Some(w) = w.get(key).and_then(Value::as_str) {
                if !w.eq_ignore_ascii_case(value) {
                    problems.push(format!("results[{i}].{key} = {value:?}, want {w:?}"));
                }
            }
        }
        if let Some(w) = w.get("method_version") {
            if w.as_str() != got.method_version.as_deref() {
                problems.push(format!(
                    "results[{i}].method_version = {:?}, want {w}",
                    got.method_version
                ));
            }
        }
        if let Some(w) = w.get("reason") {
            if w.as_str() != got.reason.as_deref() {
                problems.push(format!("results[{i}].reason = {:?}, want {w}", got.reason));
            }
        }
        if let Some(props) = w.get("props").and_then(Value::as_array) {
            let want: Vec<(String, String, String)> = props
                .iter()
                .map(|p| {
                    let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
                    (s("ptype"), s("property"), s("value"))
                })
                .collect();
            let have: Vec<(String, String, String)> = got
                .properties
                .iter()
                .map(|p| (p.ptype.clone(), p.property.clone(), p.value.clone()))
                .collect();
            if want != have {
                problems.push(format!("results[{i}] properties {have:?}, want {want:?}"));
            }
        }
        if let Some(canonical) = w.get("canonical").and_then(Value::as_str) {
            compare_canonical(i, canonical, got, problems);
        }
    }
}

/// Compare with Mail::AuthenticationResults' `as_string()`: comments dropped, then
/// `method=result name=value ...` with `""` for empty values.
fn compare_canonical(i: usize, canonical: &str, got: &AuthResult, problems: &mut Vec<String>) {
    let text = strip_comments(canonical);
    let mut words = text.split_whitespace();
    let mut want_props = Vec::new();
    let mut want_reason = None;
    let _method_result = words.next();
    for w in words {
        let (name, value) = w.split_once('=').unwrap_or((w, ""));
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        if name.eq_ignore_ascii_case("reason") {
            want_reason = Some(value.to_string());
        } else {
            want_props.push((name.to_ascii_lowercase(), value.to_string()));
        }
    }
    let have: Vec<(String, String)> =
        got.properties.iter().map(|p| (p.name(), p.value.clone())).collect();
    if have != want_props {
        problems
            .push(format!("results[{i}] properties {have:?}, want {want_props:?} ({canonical})"));
    }
    if want_reason.is_some() && want_reason != got.reason {
        problems.push(format!("results[{i}].reason = {:?}, want {want_reason:?}", got.reason));
    }
}

fn strip_comments(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// "There are exactly `count` results with this method and result (and property values)."
fn compare_check(check: &Value, parsed: &AuthResults, problems: &mut Vec<String>) {
    let method = check["method"].as_str().unwrap_or_default();
    let result = check["result"].as_str().unwrap_or_default();
    let want = check["count"].as_u64().unwrap_or(0);
    let with: Vec<(&str, &str)> = check
        .get("with_property")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default())).collect())
        .unwrap_or_default();
    let count = parsed
        .results
        .iter()
        .filter(|r| r.method == method && r.result == result)
        .filter(|r| {
            with.iter().all(|(name, value)| {
                r.properties.iter().any(|p| p.name() == *name && p.value == *value)
            })
        })
        .count();
    if count as u64 != want {
        problems.push(format!("{count} × {method}={result} {with:?}, want {want}"));
    }
}

/// Python `str()` of an authres object path; `None` when the path does not exist.
fn evaluate_expr(parsed: &AuthResults, expr: &str) -> Option<String> {
    if expr == "authserv_id" {
        return Some(parsed.authserv_id.clone());
    }
    let rest = expr.strip_prefix("results[")?;
    let (index, rest) = rest.split_once(']')?;
    let result = parsed.results.get(index.parse::<usize>().ok()?)?;
    let Some(attr) = rest.strip_prefix('.') else {
        return rest.is_empty().then(|| serialize(result));
    };
    let py_none = |v: Option<&String>| Some(v.map_or_else(|| "None".to_string(), String::clone));
    match attr {
        "method" => Some(result.method.clone()),
        "result" => Some(result.result.clone()),
        "reason" => py_none(result.reason.as_ref()),
        _ => {
            if let Some(rest) = attr.strip_prefix("properties[") {
                let (j, field) = rest.split_once("].")?;
                let p = result.properties.get(j.parse::<usize>().ok()?)?;
                return match field {
                    "type" => Some(p.ptype.clone()),
                    "name" => Some(p.property.clone()),
                    "value" => Some(p.value.clone()),
                    _ => None,
                };
            }
            // Convenience attributes: `smtp_mailfrom` = property `smtp.mailfrom`.
            let (ptype, property) = attr.split_once('_')?;
            let found = result
                .properties
                .iter()
                .find(|p| p.ptype == ptype && p.property.replace('-', "_") == property);
            py_none(found.map(|p| &p.value))
        }
    }
}

/// authres' `str()` of a result: `method=result [reason=...] ptype.property=value ...`.
fn serialize(r: &AuthResult) -> String {
    let mut s = r.method.clone();
    if let Some(v) = &r.method_version {
        s.push_str(&format!("/{v}"));
    }
    s.push_str(&format!("={}", r.result));
    if let Some(reason) = &r.reason {
        s.push_str(&format!(" reason={}", quote_if_needed(reason)));
    }
    for p in &r.properties {
        s.push_str(&format!(" {}={}", p.name(), quote_if_needed(&p.value)));
    }
    s
}

fn quote_if_needed(v: &str) -> String {
    if v.is_empty() || v.chars().any(|c| c.is_whitespace() || "()<>,;:\\\"[]".contains(c)) {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        v.to_string()
    }
}

/// What must hold for any input: no panic, `raw` kept, errors inside the value on character
/// boundaries and saying where they are.
fn check_invariants(input: &str) {
    let parsed = parse_authentication_results(input);
    assert_eq!(parsed.raw, input);
    assert_eq!(parsed.line, 0);
    for e in &parsed.errors {
        assert!(e.position <= input.len(), "{e:?} beyond {}", input.len());
        assert!(input.is_char_boundary(e.position), "{e:?} not on a character boundary");
        assert!(e.message.starts_with(&format!("byte {}: ", e.position)), "{e:?}");
    }
    let mut positions: Vec<usize> = parsed.errors.iter().map(|e| e.position).collect();
    positions.dedup();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "errors not in order: {positions:?}");
}

#[test]
fn pathological_inputs_terminate() {
    for input in [
        "(".repeat(100_000),
        "\"".repeat(100_001),
        "\\".repeat(100_001),
        ";".repeat(100_000),
        format!("a.example; {}", "spf=pass ".repeat(10_000)),
        format!("a.example{}", "; x".repeat(10_000)),
        format!("a.example; dkim=pass {}", "(\\(".repeat(10_000)),
        "\n".repeat(10_000) + "x",
    ] {
        check_invariants(&input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_strings(s in any::<String>()) {
        check_invariants(&s);
    }

    #[test]
    fn never_panics_on_header_like_strings(
        s in "(Authentication-Results: )?[a-zA-Z0-9ø ;=./@:()\"\\\\\t\r\n_-]{0,120}"
    ) {
        check_invariants(&s);
    }
}
