//! Canonicalization (RFC 6376 §3.4): what the signer hashed, rebuilt from the message as
//! received. Pure functions on bytes with CRLF line ends.

use super::signature::Canon;

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// One header field (`name:value`, folding and the final CRLF included) as hashed.
pub fn header(field: &[u8], canon: Canon) -> Vec<u8> {
    match canon {
        Canon::Simple => field.to_vec(),
        Canon::Relaxed => {
            let colon = field.iter().position(|&b| b == b':').unwrap_or(field.len());
            let name: Vec<u8> = field[..colon].iter().filter(|b| !is_wsp(**b)).map(u8::to_ascii_lowercase).collect();
            let mut value = Vec::with_capacity(field.len());
            let mut blank = false;
            for &b in field.get(colon + 1..).unwrap_or(&[]) {
                if b == b'\r' || b == b'\n' {
                    continue; // unfold
                }
                if is_wsp(b) {
                    blank = true;
                    continue;
                }
                if blank && !value.is_empty() {
                    value.push(b' ');
                }
                blank = false;
                value.push(b);
            }
            let mut out = name;
            out.push(b':');
            out.extend(value);
            out.extend(b"\r\n");
            out
        }
    }
}

/// The body as hashed, cut to `limit` bytes when `l=` is given.
pub fn body(body: &[u8], canon: Canon, limit: Option<u64>) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 2);
    match canon {
        Canon::Simple => out.extend(body),
        Canon::Relaxed => {
            for line in body.split_inclusive(|&b| b == b'\n') {
                let content = line.strip_suffix(b"\n").map(|l| l.strip_suffix(b"\r").unwrap_or(l)).unwrap_or(line);
                let mut blank = false;
                for &b in content {
                    if is_wsp(b) {
                        blank = true;
                        continue;
                    }
                    if blank {
                        out.push(b' ');
                    }
                    blank = false;
                    out.push(b);
                }
                if line.ends_with(b"\n") {
                    out.extend(b"\r\n");
                }
            }
        }
    }
    // No empty lines at the end; a non-empty body ends with CRLF; an empty one is CRLF for
    // simple and nothing for relaxed.
    while out.ends_with(b"\r\n\r\n") {
        out.truncate(out.len() - 2);
    }
    if out == b"\r\n" && canon == Canon::Relaxed {
        out.clear();
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend(b"\r\n");
    }
    if out.is_empty() && canon == Canon::Simple {
        out.extend(b"\r\n");
    }
    if let Some(l) = limit {
        out.truncate(usize::try_from(l).unwrap_or(usize::MAX).min(out.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6376 §3.4.5's example.
    #[test]
    fn the_rfc_example() {
        assert_eq!(header(b"A: X\r\n", Canon::Relaxed), b"a:X\r\n");
        assert_eq!(header(b"B : Y\t\r\n\tZ  \r\n", Canon::Relaxed), b"b:Y Z\r\n");
        assert_eq!(body(b" C \r\nD \t E\r\n\r\n\r\n", Canon::Relaxed, None), b" C\r\nD E\r\n");
        assert_eq!(body(b" C \r\nD \t E\r\n\r\n\r\n", Canon::Simple, None), b" C \r\nD \t E\r\n");
        assert_eq!(body(b"", Canon::Simple, None), b"\r\n");
        assert_eq!(body(b"", Canon::Relaxed, None), b"");
        assert_eq!(body(b"\r\n\r\n", Canon::Relaxed, None), b"");
        assert_eq!(body(b"abc", Canon::Simple, Some(2)), b"ab");
    }
}
