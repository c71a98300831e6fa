//! `mxray`: the command-line front end over the same core as the web page.
//!
//! I/O lives here (files, stdin, stdout); analysis is `mxray::analyze`.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
mxray — email delivery checker (bounces, headers, SPF, DMARC, DKIM)

Usage:
  mxray analyze [FILE|DIR|-] [--json]   analyze a message, header block, bounce, record or reply
  mxray explain CODE... [--json]        explain SMTP codes, e.g. `mxray explain 550 5.1.1`
  mxray spf RECORD|DOMAIN|- [--ip IP] [--sender ADDR] [--helo HOST] [--domain DOMAIN] [--json]
                                        check an SPF record: syntax, warnings, meaning, include
                                        tree; with --ip, evaluate check_host() for that client
  mxray dmarc RECORD|DOMAIN|- [--domain DOMAIN] [--json]
                                        check a DMARC record under RFC 9989 and RFC 7489, or look
                                        up a domain's (DNS tree walk, report authorizations)
  mxray --help | --version

Input: a file, a folder (every file in it, recursively: one report per file), or - / nothing
for standard input. An mbox gives one report per message. What the text is gets detected
automatically.

Options:
  --json            print the Report as JSON (a folder or mbox gives one JSON object per line,
                    with \"file\" and, for an mbox, \"message\")
  --ip, --sender, --helo   (spf) the client to evaluate: its address, MAIL FROM and HELO name
  --domain DOMAIN   (spf, dmarc) where a given record is published (spf: for `a`, `mx` and
                    %{d}; dmarc: for subdomain policies and report destinations)
  --offline         never make DNS queries
  --redact          (analyze) mask addresses, names, IP addresses and host names first, the same
                    value by the same mask, for a report to share; no live checks then
  --resolver URL    DNS-over-HTTPS endpoint (RFC 8484) for live checks, or cloudflare, google,
                    quad9 (default for `spf` and `dmarc`: cloudflare, then google if it fails)
  -h, --help        show this help
  -V, --version     show the version

Exit status: 0 when the analysis ran (even if it found problems), 1 when an input could not be
read, 2 on a usage error.";

/// What the command line asks for.
#[derive(Debug, Default)]
struct Options {
    command: Option<String>,
    json: bool,
    offline: bool,
    redact: bool,
    resolver: Option<String>,
    help: bool,
    version: bool,
    inputs: Vec<String>,
    ip: Option<String>,
    sender: Option<String>,
    helo: Option<String>,
    domain: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_options(&args).and_then(|options| run(&options)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("mxray: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(options: &Options) -> Result<ExitCode, String> {
    if options.version {
        println!("mxray {}", env!("CARGO_PKG_VERSION"));
        return Ok(ExitCode::SUCCESS);
    }
    if options.help || options.command.as_deref() == Some("help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    if options.offline && options.resolver.is_some() {
        return Err("--offline and --resolver contradict each other: choose one".into());
    }
    match options.command.as_deref() {
        Some("analyze") => Ok(analyze(options)),
        Some("explain") => explain(options),
        Some("spf") => spf(options),
        #[cfg(feature = "dmarc")]
        Some("dmarc") => dmarc(options),
        #[cfg(not(feature = "dmarc"))]
        Some("dmarc") => Err("this mxray was built without DMARC support (cargo feature `dmarc`)".into()),
        Some(other) => Err(format!("unknown command `{other}` (available: analyze, explain, spf, dmarc)\n\n{USAGE}")),
        None => Err(format!("no command given\n\n{USAGE}")),
    }
}

/// Options may stand anywhere; the first other word is the command, the rest are inputs.
fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--offline" => options.offline = true,
            #[cfg(feature = "dmarc")]
            "--redact" => options.redact = true,
            #[cfg(not(feature = "dmarc"))]
            "--redact" => return Err("this mxray was built without masking (it needs the cargo feature `dmarc`)".into()),
            "-h" | "--help" => options.help = true,
            "-V" | "--version" => options.version = true,
            "--resolver" => {
                let url = iter.next().ok_or("--resolver needs a URL, e.g. https://cloudflare-dns.com/dns-query")?;
                options.resolver = Some(resolver_url(url)?);
            }
            a if a.starts_with("--resolver=") => options.resolver = Some(resolver_url(&a["--resolver=".len()..])?),
            "--ip" | "--sender" | "--helo" | "--domain" => {
                let value = iter.next().ok_or(format!("{arg} needs a value"))?.clone();
                let slot = match arg.as_str() {
                    "--ip" => &mut options.ip,
                    "--sender" => &mut options.sender,
                    "--helo" => &mut options.helo,
                    _ => &mut options.domain,
                };
                *slot = Some(value);
            }
            // An unquoted record is several words; SPF's can start with `-` (`-all`).
            a if matches!(options.command.as_deref(), Some("spf") | Some("dmarc"))
                && options.inputs.first().is_some_and(|r| { let r = r.to_ascii_lowercase(); r.starts_with("v=spf1") || r.starts_with("v=dmarc1") }) =>
            {
                options.inputs.push(a.to_string())
            }
            a if a.starts_with('-') && a != "-" => return Err(format!("unknown option {a}")),
            a if options.command.is_none() => options.command = Some(a.to_string()),
            a => options.inputs.push(a.to_string()),
        }
    }
    Ok(options)
}

fn resolver_url(url: &str) -> Result<String, String> {
    if url.starts_with("https://") || url.starts_with("http://") || mxray::dns::RESOLVER_PRESETS.iter().any(|(n, _)| *n == url) {
        Ok(url.to_string())
    } else {
        Err(format!("--resolver {url}: expected the http(s) URL of an RFC 8484 endpoint, or cloudflare, google or quad9"))
    }
}

fn analyze(options: &Options) -> ExitCode {
    let inputs = if options.inputs.is_empty() { vec!["-".to_string()] } else { options.inputs.clone() };
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for input in &inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            failed |= analyze_dir(path, options, &mut out);
            continue;
        }
        let text = match read_input(input) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("mxray: {message}");
                failed = true;
                continue;
            }
        };
        let messages = mxray::mailbox::split_mbox(&text, usize::MAX);
        let written = if messages.len() > 1 {
            // An mbox: one report per message, as for a folder, on every core, in order.
            let mut written = Ok(());
            in_order(&messages, |i, message| entry_line(input, Some(i + 1), message, options), |_, line| {
                written = writeln!(out, "{line}");
                written.is_ok()
            });
            written
        } else if options.json {
            serde_json::to_string_pretty(&report_for(&text, options))
                .map_err(std::io::Error::other)
                .and_then(|json| writeln!(out, "{json}"))
        } else {
            write!(out, "{}", mxray::render::render_text(&report_for(&text, options)))
        };
        if let Err(e) = written {
            eprintln!("mxray: cannot write output: {e}");
            return ExitCode::from(1);
        }
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// One report of a folder or mbox: a JSON line with `file` (and `message`, its 1-based place in
/// an mbox), or text under a `== name` heading.
fn entry_line(file: &str, message: Option<usize>, text: &str, options: &Options) -> String {
    let json = options.json;
    let report = report_for(text, options);
    if json {
        let mut value = serde_json::to_value(&report).unwrap_or_default();
        if let Some(obj) = value.as_object_mut() {
            obj.insert("file".into(), file.into());
            if let Some(n) = message {
                obj.insert("message".into(), n.into());
            }
        }
        value.to_string()
    } else {
        let place = message.map(|n| format!(" (message {n})")).unwrap_or_default();
        format!("== {file}{place}\n{}", mxray::render::render_text(&report))
    }
}

fn explain(options: &Options) -> Result<ExitCode, String> {
    if options.inputs.is_empty() {
        return Err("explain needs a code, e.g. `mxray explain 550 5.1.1` or a whole reply line".into());
    }
    let query = options.inputs.join(" ");
    let explanations = mxray::codes::explain(&query);
    if options.json {
        let json = serde_json::to_string_pretty(&explanations).map_err(|e| e.to_string())?;
        println!("{json}");
    } else if explanations.is_empty() {
        println!("mxray has no explanation for \"{query}\": expected an SMTP reply code (e.g. 550) or an enhanced status code (e.g. 5.1.1).");
    } else {
        let mut out = String::new();
        mxray::render::render_explanations(&mut out, &explanations, "");
        print!("{out}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Analyze one text; with `--resolver`, add the live checks (MX, reverse DNS, SPF, blocklists,
/// policies) to the findings. Without it nothing leaves the machine.
fn report_for(text: &str, options: &Options) -> mxray::Report {
    // Masked first: the report, its text and its JSON never hold what was masked, and no DNS
    // question asks about a mask.
    #[cfg(feature = "dmarc")]
    let masked = options.redact.then(|| mxray::redact::redact(text));
    #[cfg(feature = "dmarc")]
    let text = masked.as_deref().unwrap_or(text);
    let live_dns = options.resolver.is_some() && !options.offline && !options.redact;
    #[cfg(all(feature = "dkim", feature = "dmarc"))]
    let mut report = if live_dns { live(options, |answers| mxray::analyze_live(text, answers)) } else { mxray::analyze(text) };
    #[cfg(not(all(feature = "dkim", feature = "dmarc")))]
    let mut report = mxray::analyze(text);
    if live_dns && matches!(report.detected, mxray::Detected::Headers | mxray::Detected::Message | mxray::Detected::Bounce) {
        let mut found = live(options, |answers| mxray::live::live_findings(&report, answers));
        report.findings.append(&mut found);
        report.findings.sort_by_key(|f| f.severity);
    }
    report
}

/// `mxray spf`: check a record given on the command line (or `-` for stdin), or a domain's.
fn spf(options: &Options) -> Result<ExitCode, String> {
    use mxray::spf::{analyze_spf, SpfInput, SpfRequest};
    let arg = options.inputs.join(" ");
    if arg.trim().is_empty() {
        return Err("spf needs a record (mxray spf 'v=spf1 ip4:192.0.2.0/24 -all'), a domain, or - for standard input".into());
    }
    let text = if arg == "-" { read_input("-").map_err(|e| e.to_string())? } else { arg };
    let looks_like_record = |t: &str| {
        let t = t.trim_start().trim_start_matches('"').to_ascii_lowercase();
        t.starts_with("v=spf") || t.starts_with("spf2.0") || t.contains(' ') || t.contains('=')
    };
    let domain_arg = (!looks_like_record(&text)).then(|| text.trim().to_string());
    if domain_arg.is_some() && options.offline {
        eprintln!("mxray: looking up the SPF record of {} needs live DNS, which --offline forbids", text.trim());
        return Ok(ExitCode::from(1));
    }
    let ip = match &options.ip {
        Some(ip) => Some(ip.parse::<std::net::IpAddr>().map_err(|_| format!("--ip {ip}: not an IPv4 or IPv6 address"))?),
        None => None,
    };
    let sender = options.sender.clone().unwrap_or_default();
    let helo = options.helo.clone().unwrap_or_else(|| sender.rsplit_once('@').map_or(String::new(), |(_, d)| d.to_string()));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let evaluate = ip.map(|ip| SpfInput { ip, sender: &sender, helo: &helo, receiver: "mxray", now });
    let req = match &domain_arg {
        Some(d) => SpfRequest { record: None, domain: Some(d), evaluate },
        None => SpfRequest { record: Some(&text), domain: options.domain.as_deref(), evaluate },
    };
    // Offline, names the record refers to are reported as not looked up.
    let report = with_dns(options, !options.offline, |answers| analyze_spf(&req, answers));
    print_check(options, &report, mxray::render::render_spf)
}

/// `mxray dmarc`: check a record given on the command line (or `-` for stdin), or a domain's.
#[cfg(feature = "dmarc")]
fn dmarc(options: &Options) -> Result<ExitCode, String> {
    use mxray::dmarc::{analyze_dmarc, DmarcRequest};
    let arg = options.inputs.join(" ");
    if arg.trim().is_empty() {
        return Err("dmarc needs a record (mxray dmarc 'v=DMARC1; p=reject; rua=mailto:d@example.com'), a domain, or - for standard input".into());
    }
    let text = if arg == "-" { read_input("-").map_err(|e| e.to_string())? } else { arg };
    let is_domain = !text.contains('=') && !text.trim().contains(char::is_whitespace);
    if is_domain && options.offline {
        eprintln!("mxray: looking up the DMARC record of {} needs live DNS, which --offline forbids", text.trim());
        return Ok(ExitCode::from(1));
    }
    let req = if is_domain {
        DmarcRequest { record: None, domain: Some(text.trim()) }
    } else {
        DmarcRequest { record: Some(&text), domain: options.domain.as_deref() }
    };
    // A record alone needs no DNS; with a domain, report authorizations are looked up.
    let report = with_dns(options, !options.offline && req.domain.is_some(), |answers| analyze_dmarc(&req, answers));
    print_check(options, &report, mxray::render::render_dmarc)
}

/// Run `analysis` with live DNS when `online`, else with every lookup answered "live DNS is off".
fn with_dns<T>(options: &Options, online: bool, analysis: impl FnMut(&mxray::dns::Answers) -> mxray::dns::Progress<T>) -> T {
    if online { live(options, analysis) } else { offline(analysis) }
}

/// Print a record check as JSON or, by `render`, as text.
fn print_check<T: serde::Serialize>(options: &Options, report: &T, render: fn(&mut String, &T)) -> Result<ExitCode, String> {
    if options.json {
        println!("{}", serde_json::to_string_pretty(report).map_err(|e| e.to_string())?);
    } else {
        let mut out = String::new();
        render(&mut out, report);
        print!("{out}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Run an analysis with live DNS: `--resolver`, or Cloudflare with Google as fallback. Shows
/// progress on a terminal.
#[cfg(not(target_arch = "wasm32"))]
fn live<T>(options: &Options, mut analysis: impl FnMut(&mxray::dns::Answers) -> mxray::dns::Progress<T>) -> T {
    use mxray::net::DohClient;
    let timeout = std::time::Duration::from_secs(5);
    let client = match &options.resolver {
        Some(url) => DohClient::new(url, None, timeout),
        None => DohClient::new("cloudflare", Some("google"), timeout),
    };
    let mut cache = mxray::dns::Answers::new();
    let verbose = std::io::stderr().is_terminal();
    let (result, rounds) = mxray::net::resolve(&client, &mut cache, |answers| {
        let p = analysis(answers);
        if let (mxray::dns::Progress::Need(q), true) = (&p, verbose) {
            eprint!("\rlooking up {} names...   ", q.len());
        }
        p
    });
    if verbose && rounds > 1 {
        eprintln!("\rlooked up {} answers in {} rounds via {}", cache.len(), rounds - 1, client.endpoints()[0]);
    }
    result
}

/// The CLI is native; a wasm32 build of it (made for the in-browser tests) answers every
/// question as if live DNS were off.
#[cfg(target_arch = "wasm32")]
fn live<T>(_options: &Options, analysis: impl FnMut(&mxray::dns::Answers) -> mxray::dns::Progress<T>) -> T {
    offline(analysis)
}

/// Run `analysis` with every lookup answered "live DNS is off".
fn offline<T>(mut analysis: impl FnMut(&mxray::dns::Answers) -> mxray::dns::Progress<T>) -> T {
    use mxray::dns::{Answer, Answers, DnsError, Progress};
    let mut cache = Answers::new();
    loop {
        match analysis(&cache) {
            Progress::Done(t) => return t,
            Progress::Need(qs) => qs.into_iter().for_each(|q| cache.insert(q, Answer::Error(DnsError::Offline))),
        }
    }
}

/// Analyze every file under `dir`; returns true when some could not be read.
fn analyze_dir(dir: &Path, options: &Options, out: &mut impl Write) -> bool {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let progress = std::io::stderr().is_terminal() || std::env::var_os("MXRAY_PROGRESS").is_some();
    let mut failed = false;
    // Each file is read and analysed on whichever core is free; its lines are written in the
    // order of the sorted file names.
    let read_one = |_: usize, file: &PathBuf| {
        let name = file.display().to_string();
        read_input(&name).map(|text| {
            let messages = mxray::mailbox::split_mbox(&text, usize::MAX);
            let several = messages.len() > 1;
            let lines: Vec<String> = messages
                .iter()
                .enumerate()
                .map(|(i, message)| entry_line(&name, several.then_some(i + 1), message, options))
                .collect();
            lines
        })
    };
    in_order(&files, read_one, |i, lines| {
        if progress {
            eprint!("\ranalyzing {}/{}", i + 1, files.len());
        }
        match lines {
            Ok(lines) => {
                if lines.iter().any(|line| writeln!(out, "{line}").is_err()) {
                    failed = true;
                    return false;
                }
            }
            Err(message) => {
                eprintln!("\nmxray: {message}");
                failed = true;
            }
        }
        true
    });
    if progress {
        eprintln!("\ranalyzed {} files{}", files.len(), " ".repeat(10));
    }
    failed
}

/// `work` applied to every item on every core (`MXRAY_THREADS` sets how many), each result
/// handed to `done` in the items' order as soon as the ones before it are; `done` returns false
/// to stop (the workers then take no new item).
fn in_order<I: Sync, T: Send>(
    items: &[I],
    work: impl Fn(usize, &I) -> T + Sync,
    mut done: impl FnMut(usize, T) -> bool,
) {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let threads = std::env::var("MXRAY_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, items.len().max(1));
    let (next, stop) = (AtomicUsize::new(0), AtomicBool::new(false));
    let (sender, results) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (sender, next, stop, work) = (sender.clone(), &next, &stop, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() || stop.load(Ordering::Relaxed) {
                    break;
                }
                if sender.send((i, work(i, &items[i]))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = std::collections::BTreeMap::new();
        let mut expected = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&expected) {
                if !done(expected, result) {
                    stop.store(true, Ordering::Relaxed);
                    return;
                }
                expected += 1;
            }
        }
    });
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}

/// Read a file (or stdin for `-`) as text; bytes that are not UTF-8 are replaced, not fatal.
fn read_input(name: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(name).map_err(|e| format!("cannot read {name}: {e}"))?;
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
