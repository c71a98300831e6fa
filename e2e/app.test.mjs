// End-to-end: Playwright drives Debian's Chromium against the release build in dist/, served
// from a sub-path as a help center would host it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, mkdirSync, rmSync, copyFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { inflateRawSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../scripts/static-server.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = join(ROOT, "..", "shared", "corpus");
const OUT = join(ROOT, "e2e", "out");
const PREFIX = "/help/mxray/";
const CLI = process.env.MXRAY_CLI ?? join(ROOT, "target", "debug", "mxray");
mkdirSync(OUT, { recursive: true });

let server, browser, base;

before(async () => {
  server = await serve(join(ROOT, "dist"), 0, PREFIX);
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh page that records page errors and every request it makes. */
async function openApp(viewport = { width: 1280, height: 900 }, colorScheme = "light") {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("request", (r) => requests.push(r.url()));
  // Content-Security-Policy violations, as the page sees them (Chromium also logs each one as a
  // console error, which `errors` catches).
  await context.addInitScript(() => {
    window.cspViolations = [];
    addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(base);
  await page.getByRole("textbox", { name: /Paste/ }).waitFor();
  return { page, errors, requests, context };
}

function headerFiles() {
  const dir = join(CORPUS, "headers", "messages");
  return readdirSync(dir).filter((f) => f.endsWith(".hdr")).sort().map((f) => join(dir, f));
}

test("a pasted header block shows its hops, in the order of travel, like the CLI", async () => {
  const file = join(CORPUS, "headers", "messages", "mail_test_10.hdr");
  const text = readFileSync(file, "utf8");
  const expected = JSON.parse(readFileSync(join(CORPUS, "headers", "messages", "expectations.jsonl"), "utf8")
    .split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.file.endsWith("mail_test_10.hdr")).received_count);
  const { page, errors, context } = await openApp();
  // A real clipboard paste, as a person would do it.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.getByRole("textbox", { name: /Paste/ }).focus();
  await page.keyboard.press("Control+V");
  await page.locator("li.hop").first().waitFor();
  assert.equal(await page.locator("li.hop").count(), expected);
  assert.equal(await page.locator("tr.hop-row").count(), expected);
  assert.match(await page.locator(".verdict-text").innerText(), new RegExp(`${expected} server hops`));
  // The bottom Received field is where the journey started: its "by" host opens the timeline.
  const fields = text.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/).filter((l) => /^Received:/i.test(l));
  const firstBy = /\sby\s+([^\s;()]+)/.exec(fields.at(-1))[1];
  assert.equal((await page.locator("li.hop").first().locator(".hop-host").innerText()).trim(), firstBy);
  await page.screenshot({ path: join(OUT, "headers.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("every corpus header file shows the same hop count on the page as `mxray analyze --json`", async () => {
  const { page, errors, context } = await openApp();
  const box = page.getByRole("textbox", { name: /Paste/ });
  for (const file of headerFiles()) {
    const cli = JSON.parse(execFileSync(CLI, ["analyze", "--json", file], { encoding: "utf8" }));
    // Clear first so the previous file's report cannot be mistaken for this one's.
    await box.fill("");
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator(".report").waitFor({ state: "detached" });
    await box.fill(readFileSync(file, "utf8"));
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator(`.timeline h2:has-text("Journey: ${cli.headers.received.length} hops")`).waitFor({ timeout: 5000 });
    assert.equal(await page.locator("li.hop").count(), cli.headers.received.length, file);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("garbage gets a clear message, no crash, and the pasted text stays", async () => {
  const { page, errors, context } = await openApp();
  const garbage = "}{\u0000<img src=x onerror=alert(1)> %%% ;;; ===\n\x01\x02 not an email";
  const box = page.getByRole("textbox", { name: /Paste/ });
  await box.fill(garbage);
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".finding[data-code=unrecognised-input]").waitFor();
  assert.match(await page.locator(".finding").first().innerText(), /could not recognise/);
  assert.equal(await page.locator(".report img").count(), 0);
  assert.equal(await box.inputValue(), garbage);
  // The page still works after garbage.
  await box.fill(readFileSync(headerFiles()[0], "utf8"));
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator("li.hop").first().waitFor();
  await page.screenshot({ path: join(OUT, "garbage-then-headers.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("an .eml file picked from disk is analysed, and detection is shown", async () => {
  const { page, errors, context } = await openApp();
  await page.locator("input[type=file]").setInputFiles(join(CORPUS, "bounces", "bsd", "rfc3464-03.eml"));
  await page.locator(".detected-kind").waitFor();
  assert.equal(await page.locator(".detected-kind").getAttribute("data-kind"), "bounce");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a pasted bounce opens with the story, then the recipient and its status", async () => {
  const expectations = readFileSync(join(CORPUS, "bounces", "expectations.jsonl"), "utf8")
    .split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const sample = expectations.find((e) => e.file === "bsd/lhost-postfix-31.eml");
  const row = sample.recipients[0];
  const { page, errors, context } = await openApp();
  await page.getByRole("textbox", { name: /Paste/ }).fill(readFileSync(join(CORPUS, "bounces", sample.file), "utf8"));
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".recipient-row").first().waitFor();
  assert.equal(await page.locator(".verdict-text").innerText(),
    `The address ${row.recipient} does not exist at the receiving server.`);
  assert.equal((await page.locator(".recipient-row .address").first().innerText()).trim(), row.recipient);
  assert.equal((await page.locator(".recipient-row .status").first().innerText()).trim(), row.status);
  assert.match(await page.locator(".advice").innerText(), /Who must act/);
  await page.screenshot({ path: join(OUT, "bounce.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a bounce's text copied from a mail program (no headers) is read as a bounce", async () => {
  const { page, errors, context } = await openApp();
  const copied = readFileSync(join(ROOT, "tests", "samples", "bounces", "gmail-copied-text.txt"), "utf8");
  await page.getByRole("textbox", { name: /Paste/ }).fill(copied);
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".recipient-row").first().waitFor();
  assert.equal(await page.locator(".verdict-text").innerText(),
    "The address jenny.lopez1987@gmial.com does not exist at the receiving server. Did you mean @gmail.com?");
  assert.equal((await page.locator(".recipient-row .status").first().innerText()).trim(), "5.1.1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("notices copied in German and Czech and a sending service's JSON event are read as bounces", async () => {
  const { page, errors, context } = await openApp();
  const cases = [
    ["wild-notice-m365-de-empfaenger-nicht-gefunden.txt", "m.weber@kanzlei-weber.example", "does not exist"],
    ["wild-notice-m365-cs-typo-seznan.txt", "pavla.dvorakova@seznan.cz", "Did you mean @seznam.cz?"],
    ["wild-format-postmark-hardbounce.json", "lena.fischer.83@gmail.com", "does not exist"],
  ];
  for (const [file, address, says] of cases) {
    const text = readFileSync(join(ROOT, "tests", "samples", "bounces", file), "utf8");
    await page.getByRole("textbox", { name: /Paste/ }).fill(text);
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator(".recipient-row", { hasText: address }).first().waitFor();
    const verdict = await page.locator(".verdict-text").innerText();
    assert.ok(verdict.includes(address) && verdict.includes(says), `${file}: ${verdict}`);
    await page.screenshot({ path: join(OUT, `notice-${file.replace(/\.[a-z]+$/, "")}.png`), fullPage: true });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("with live checks off, nothing leaves the page's own site: after load only its DKIM/DMARC module, once", async () => {
  const { page, requests, context } = await openApp();
  await page.waitForLoadState("networkidle");
  // The first load: the page's own files, never an on-demand module.
  assert.ok(requests.length > 0 && requests.every((u) => u.startsWith(base)), requests.join("\n"));
  assert.ok(!requests.some((u) => /mxray-(live|auth)-/.test(u)), requests.join("\n"));
  const loaded = requests.length;
  const outside = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (!url.startsWith(base)) outside.push(url);
    return url.startsWith(base) ? route.continue() : route.abort();
  });
  // A bounce needs no module: nothing is fetched.
  await page.getByRole("textbox", { name: /Paste/ }).fill(readFileSync(join(CORPUS, "bounces", "bsd", "lhost-postfix-31.eml"), "utf8"));
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".recipient-row").first().waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(requests.slice(loaded), [], "no request for a bounce");
  // Header blocks with a From address: the DKIM/DMARC module comes from this site, the first
  // time only, by a fixed address that carries nothing of what was pasted.
  const withFrom = headerFiles().filter((f) => {
    const r = JSON.parse(execFileSync(CLI, ["analyze", "--json", f], { encoding: "utf8" }));
    return r.detected === "headers" && r.headers.from_address?.includes("@");
  });
  for (const file of withFrom.slice(0, 3)) {
    await page.getByRole("textbox", { name: /Paste/ }).fill(readFileSync(file, "utf8"));
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator("li.hop").first().waitFor();
    await page.locator("section.auth .dmarc-verdict").waitFor();
  }
  // An SPF record that includes another name, evaluated: it says live DNS is needed, and asks nobody.
  await page.getByRole("textbox", { name: /Paste/ }).fill("v=spf1 include:_spf.example.com -all");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.getByLabel("Client IP address").fill("192.0.2.7");
  await page.getByRole("button", { name: "Evaluate" }).click();
  await page.locator(".spf-needs-dns").waitFor();
  assert.equal(await page.locator(".spf-result").innerText(), "temperror");
  await page.waitForTimeout(300);
  assert.deepEqual(outside, []);
  assert.deepEqual(requests.slice(loaded).map((u) => u.replace(/^.*\/mxray-auth-[0-9a-f]{16}/, "mxray-auth-*")).sort(),
    ["mxray-auth-*.js", "mxray-auth-*_bg.wasm"]);
  await context.close();
});

/** axe-core's violations on the page as it is now, one line each. */
async function axeViolations(page) {
  const axe = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
  // Evaluated by the browser's debugger, not added as a script: the page's policy refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe);
  return page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
}

test("the analysed page passes axe-core's accessibility rules, also at phone width", async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const { page, context } = await openApp(viewport);
    await page.getByRole("textbox", { name: /Paste/ }).fill(readFileSync(headerFiles()[3], "utf8"));
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator("li.hop").first().waitFor();
    assert.deepEqual(await axeViolations(page), [], `axe at ${viewport.width}px`);
    await page.screenshot({ path: join(OUT, `a11y-${viewport.width}.png`), fullPage: true });
    await context.close();
  }
});

test("the SPF view passes axe-core's rules, light and dark, desktop and phone width", async () => {
  const runs = [
    { viewport: { width: 1280, height: 900 }, colorScheme: "light" },
    { viewport: { width: 390, height: 844 }, colorScheme: "light" },
    { viewport: { width: 1280, height: 900 }, colorScheme: "dark" },
  ];
  for (const { viewport, colorScheme } of runs) {
    const { page, errors, context } = await openApp(viewport, colorScheme);
    // A syntax error, a warning, the tree with includes, and an evaluation with a field error
    // then a result: every part of the view on screen at once.
    await page.getByRole("textbox", { name: /Paste/ }).fill(
      "v=spf1 ip4:192.0.2.0/24 include:_spf.example.com ptr ip4:relay.example.net ~all");
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator(".spf-bad").waitFor();
    await page.getByLabel("Client IP address").fill("bogus");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await page.locator(".field-error").waitFor();
    assert.deepEqual(await axeViolations(page), [], `axe (field error) at ${viewport.width}px ${colorScheme}`);
    await page.getByRole("textbox", { name: /Paste/ }).fill(
      "v=spf1 ip4:192.0.2.0/24 include:_spf.example.com ptr ~all");
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator(".spf-warning").first().waitFor();
    await page.getByLabel("Client IP address").fill("198.51.100.9");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await page.locator(".spf-result").waitFor();
    assert.deepEqual(await axeViolations(page), [], `axe (result) at ${viewport.width}px ${colorScheme}`);
    // Nothing wider than the screen but the record box, which wraps.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${viewport.width}px`);
    await page.screenshot({ path: join(OUT, `spf-${viewport.width}-${colorScheme}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a pasted SPF record: meanings, lookups, the tree, an offline evaluation, an underlined error", async () => {
  const { page, errors, context } = await openApp();
  const box = page.getByRole("textbox", { name: /Paste/ });
  await box.fill("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".spf-term").first().waitFor();
  assert.equal(await page.locator(".detected-kind").getAttribute("data-kind"), "spf-record");
  // One meaning per term, in plain words.
  assert.equal(await page.locator(".spf-term").count(), 3);
  const ip4 = page.locator(".spf-term").filter({ has: page.locator("dt", { hasText: /^ip4:192\.0\.2\.0\/24$/ }) });
  assert.match(await ip4.locator("dd").innerText(), /192\.0\.2\.0\/24 \(256 addresses\) may send mail/);
  assert.match(await page.locator(".spf-term dd").last().innerText(), /Every other server fails SPF/);
  // The include costs one lookup.
  assert.match(await page.locator(".spf-count").innerText(), /^1 of 10 DNS lookups, 0 of 2 void lookups$/);
  assert.equal(await page.locator(".spf-meter").first().locator(".cell.used").count(), 1);
  // The tree shows the include with its cost and total, and the included name nested under it,
  // saying it was not looked up because live checks are off.
  assert.equal(await page.locator(".spf-tree-term").count(), 3);
  const include = page.locator(".spf-tree-term").nth(1);
  assert.equal(await include.locator(".spf-tree-name").first().innerText(), "include:_spf.example.com");
  assert.equal(await include.locator(".spf-cost").first().innerText(), "1 lookup");
  assert.equal(await include.locator(".spf-running").first().innerText(), "total 1");
  assert.equal(await include.locator(".spf-tree-child .spf-node-domain").innerText(), "_spf.example.com");
  assert.match(await include.locator(".spf-node-problem").innerText(), /live checks are off, so mxray did not fetch/);
  // Evaluate, from the keyboard: Enter in the address field submits.
  await page.getByLabel("Client IP address").fill("192.0.2.7");
  await page.getByLabel("MAIL FROM sender").fill("alice@example.com");
  await page.getByLabel("HELO name").fill("mail.example.com");
  await page.getByLabel("Client IP address").press("Enter");
  await page.locator(".spf-result").waitFor();
  assert.equal(await page.locator(".spf-result").innerText(), "pass");
  assert.match(await page.locator(".spf-result-meaning").innerText(), /may send mail/);
  assert.match(await page.locator(".spf-reason").innerText(), /ip4:192\.0\.2\.0\/24/);
  // A mistyped address: a clear message, the text stays, no stale result.
  await page.getByLabel("Client IP address").fill("192.0.2.700");
  await page.getByRole("button", { name: "Evaluate" }).click();
  await page.locator(".field-error").waitFor();
  assert.match(await page.locator(".field-error").innerText(), /"192\.0\.2\.700" is not an IP address/);
  assert.equal(await page.getByLabel("Client IP address").inputValue(), "192.0.2.700");
  assert.equal(await page.locator(".spf-result").count(), 0);
  await page.screenshot({ path: join(OUT, "spf.png"), fullPage: true });
  // A host name where an address belongs: the error with its byte position, the term underlined.
  await box.fill("v=spf1 ip4:192.0.2.0/24 ip4:relay.example.net -all");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".spf-bad").waitFor();
  assert.equal(await page.locator(".spf-bad").count(), 1);
  assert.equal(await page.locator(".spf-bad").innerText(), "ip4:relay.example.net");
  assert.match(await page.locator(".spf-error").innerText(), /byte 28: `relay\.example\.net` is a host name/);
  const underline = await page.locator(".spf-bad").evaluate((el) => {
    const s = getComputedStyle(el);
    return `${s.textDecorationLine} ${s.textDecorationStyle}`;
  });
  assert.equal(underline, "underline wavy");
  assert.equal(await page.locator(".spf-term").count(), 2);
  await page.screenshot({ path: join(OUT, "spf-error.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

/** The DoH test stack (NSD + dnsdist) on its own ports, serving tests/zones and github.com's
 *  DKIM key from the DKIM corpus (read in place) with a DMARC record: started by the first test
 *  that needs it, stopped after all. */
const STACK_DIR = join(ROOT, "target", "doh-stack", "e2e");
const STACK_ZONES = join(ROOT, "target", "doh-stack", "e2e-zones");
const STACK_ENV = { ...process.env, DOH_PORT: "18553", NSD_PORT: "18554", DNS_PORT: "18555", LOOP_PORT: "18556" };
const SIGNED = readFileSync(join(CORPUS, "dkim", "messages", "dkim-006.txt"), "utf8");
let stackUrl;

function stack() {
  if (stackUrl) return stackUrl;
  rmSync(STACK_ZONES, { recursive: true, force: true });
  mkdirSync(STACK_ZONES, { recursive: true });
  const zones = join(ROOT, "tests", "zones");
  for (const f of readdirSync(zones).filter((f) => f.endsWith(".zone"))) copyFileSync(join(zones, f), join(STACK_ZONES, f));
  const records = SIGNED.split("\n\n")[0].split("\n").map((l) => l.split(/ (.*)/s).slice(0, 2));
  records.push(["_dmarc.github.com", "v=DMARC1; p=reject; rua=mailto:dmarc@github.com"]);
  const txt = (v) => (v.match(/.{1,200}/g) ?? []).map((c) => `"${c.replaceAll('"', '\\"')}"`).join(" ");
  writeFileSync(join(STACK_ZONES, "github.com.zone"), [
    "$ORIGIN github.com.", "$TTL 300", "@ IN SOA ns.github.com. hostmaster.github.com. ( 1 3600 600 86400 60 )",
    "@ IN NS ns.github.com.", "ns IN A 127.0.0.1", ...records.map(([n, v]) => `${n}. IN TXT ${txt(v)}`), ""].join("\n"));
  stackUrl = execFileSync(join(ROOT, "scripts", "doh-stack.sh"), ["start", STACK_DIR, STACK_ZONES], { env: STACK_ENV, encoding: "utf8" })
    .trim().split("\n").at(-1).trim();
  return stackUrl;
}

after(() => {
  if (stackUrl) execFileSync(join(ROOT, "scripts", "doh-stack.sh"), ["stop", STACK_DIR], { env: STACK_ENV, stdio: "inherit" });
});

/** Switch live checks on with the test stack as the resolver. */
async function useTestResolver(page) {
  await page.getByLabel("DNS resolver").selectOption("custom");
  await page.getByLabel(/Resolver URL/).fill(stack());
  // The page's network policy names a new resolver after a reload, which the page does itself,
  // keeping the text.
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Use" }).click()]);
  await page.getByRole("switch", { name: "Live checks" }).check();
}

/** A message mx1.mxray.test [192.0.2.25] sent for news@mxray.test to a null-MX domain. */
const LIVE_MESSAGE = [
  "Return-Path: <news@mxray.test>",
  "Received: from mx1.mxray.test (mx1.mxray.test [192.0.2.25]) by mx.rcpt.example; Mon, 1 Jan 2024 10:00:05 +0000",
  "Received: from laptop ([10.0.0.7]) by mx1.mxray.test; Mon, 1 Jan 2024 10:00:00 +0000",
  "From: News <news@mxray.test>",
  "To: a@nullmx.mxray.test",
  "Subject: hello",
  "Date: Mon, 1 Jan 2024 10:00:00 +0000",
  "Message-ID: <1@mxray.test>",
  "",
  "body",
  "",
].join("\r\n");

test("live checks over DoH: MX, SPF and reverse DNS from the chosen resolver, and only DNS names sent", async () => {
  assert.equal(stack(), "http://127.0.0.1:18553/dns-query");
  const { page, errors, requests, context } = await openApp();
  await page.waitForLoadState("networkidle");
  const loaded = requests.length;
  await page.getByRole("textbox", { name: /Paste/ }).fill(LIVE_MESSAGE);
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator("li.hop").first().waitFor();
  // Off by default: no live section, nothing asked.
  assert.equal(await page.getByRole("switch", { name: "Live checks" }).isChecked(), false);
  assert.equal(await page.locator("section.live").count(), 0);
  // Choose the test resolver, then switch live checks on.
  await useTestResolver(page);
  await page.locator("section.live").waitFor();
  const live = page.locator("section.live");
  await live.locator(".live-status", { hasText: /^Done/ }).waitFor({ timeout: 20000 });
  const finding = (code, text) => live.locator(`li.finding[data-code="${code}"]`, { hasText: text });
  assert.equal(await finding("null-mx", "nullmx.mxray.test").count(), 1);
  assert.equal(await finding("mx", "mxray.test receives mail at mx1.mxray.test (192.0.2.25, 2001:db8::25)").count(), 1);
  assert.equal(await finding("spf-live", /SPF for mxray\.test from 192\.0\.2\.25: pass/).count(), 1);
  assert.equal(await finding("fcrdns", "mx1.mxray.test").count(), 1);
  assert.equal(await finding("dmarc", "mxray.test").count(), 1);
  assert.match(await finding("null-mx", "").locator(".badge").innerText(), /Warning/);
  assert.match(await live.locator(".live-status").innerText(), /127\.0\.0\.1:18553/);
  // The text came through the reload that let the page ask the new resolver.
  assert.ok(await page.locator("li.hop").count() > 0);
  assert.ok(requests.slice(loaded).includes(base), "the page reloaded");
  // Since that reload the page fetched its modules from its own site (JS and wasm: DKIM/DMARC
  // for the pasted message, live checks when switched on), then only DNS questions went out,
  // to the resolver.
  const after = requests.slice(requests.lastIndexOf(base));
  const own = after.filter((u) => u.startsWith(base) && /\/mxray-(live|auth)-/.test(u));
  assert.deepEqual(own.map((u) => u.replace(/^.*\/mxray-(live|auth)-[0-9a-f]{16}/, "mxray-$1-*")).sort(),
    ["mxray-auth-*.js", "mxray-auth-*_bg.wasm", "mxray-live-*.js", "mxray-live-*_bg.wasm"]);
  const outside = after.filter((u) => !u.startsWith(base));
  assert.ok(outside.length > 0);
  assert.ok(outside.every((u) => u.startsWith(`${stackUrl}?dns=`)), outside.join("\n"));
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(OUT, "live.png"), fullPage: true });
  // The SPF form evaluates a record with includes through the same resolver.
  await page.getByRole("textbox", { name: /Paste/ }).fill("v=spf1 include:l1b.mxray.test -all");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.getByLabel("Client IP address").fill("198.51.100.9");
  await page.getByRole("button", { name: "Evaluate" }).click();
  await page.locator(".spf-result").waitFor({ timeout: 20000 });
  assert.equal(await page.locator(".spf-result").innerText(), "pass");
  assert.match(await page.locator(".spf-reason").innerText(), /include:l1b\.mxray\.test/);
  // The choice is remembered: a reload comes back with the custom resolver, switch off.
  await page.reload();
  await page.getByRole("textbox", { name: /Paste/ }).waitFor();
  assert.equal(await page.getByLabel("DNS resolver").inputValue(), "custom");
  assert.equal(await page.getByLabel(/Resolver URL/).inputValue(), stackUrl);
  assert.equal(await page.getByRole("switch", { name: "Live checks" }).isChecked(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a pasted signed message: the body hash checked in the page offline, the signature verified with live checks", async () => {
  const message = SIGNED.split("\n\n").slice(1).join("\n\n");
  const { page, errors, requests, context } = await openApp();
  await page.waitForLoadState("networkidle");
  const loaded = requests.length;
  await page.getByRole("textbox", { name: /Paste/ }).fill(message);
  await page.getByRole("button", { name: "Analyze" }).click();
  const auth = page.locator("section.auth");
  const row = auth.locator("tr.dkim-row");
  await row.waitFor({ timeout: 20000 });
  // Offline: the body hash matches; the key is not looked up; DMARC is judged from the message.
  assert.equal(await row.locator("td.body-hash").innerText(), "matches");
  assert.equal(await row.locator("td.header-signature").innerText(), "key not looked up");
  assert.match(await auth.locator(".live-status").innerText(), /switch on live checks/);
  assert.match(await auth.locator(".auth-facts").innerText(), /github\.com/);
  assert.ok(requests.slice(loaded).every((u) => u.startsWith(base)), requests.join("\n"));
  assert.deepEqual(await axeViolations(page), []);
  // The module's part is in the ticket text and the JSON download, shaped like the CLI's report.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy as ticket text" }).click();
  // Written by the report module, fetched at the first copy.
  await page.getByRole("button", { name: "Copied" }).waitFor();
  const ticket = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(ticket, /DKIM and DMARC:\n.*The DKIM signature by github\.com \(selector dk2016\)/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
  const json = JSON.parse(readFileSync(await download.path(), "utf8"));
  const cli = JSON.parse(execFileSync(CLI, ["analyze", "--json", "--offline", "-"], { input: message, encoding: "utf8" }));
  assert.deepEqual([json.dkim, json.dmarc], [cli.dkim, cli.dmarc]);
  assert.equal(json.detected, "message");
  // Live: github.com's key and DMARC record from the test resolver: the signature verifies,
  // DMARC passes, and the policy is github.com's.
  await useTestResolver(page);
  await auth.locator(".live-status", { hasText: /^Done/ }).waitFor({ timeout: 20000 });
  assert.equal(await row.locator("td.header-signature").innerText(), "verifies");
  assert.equal(await row.locator("td.result").innerText(), "pass");
  assert.match(await row.innerText(), /1024-bit key/);
  assert.match(await auth.locator(".dmarc-verdict .badge").innerText(), /DMARC pass/);
  assert.match(await auth.locator(".auth-facts").innerText(), /reject \(from the record of github\.com\)/);
  assert.ok(await auth.locator('li.finding[data-code="key-size"]').count() > 0);
  await page.screenshot({ path: join(OUT, "dkim.png"), fullPage: true });
  // The body changed on the way: the body hash says so, and DMARC fails under github.com's reject.
  await page.getByRole("textbox", { name: /Paste/ }).fill(message.replace("\n\n", "\n\nAn added line.\n"));
  await page.getByRole("button", { name: "Analyze" }).click();
  await auth.locator(".live-status", { hasText: /^Done/ }).waitFor({ timeout: 20000 });
  assert.equal(await row.locator("td.body-hash").innerText(), "changed since signing");
  assert.match(await auth.locator(".dmarc-verdict .badge").innerText(), /DMARC fail/);
  assert.match(await auth.locator(".dmarc-explanation").innerText(), /policy is reject/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a pasted DMARC record: the error underlined with its position, each tag explained, light and dark, desktop and phone", async () => {
  const record = "v=DMARC1; p=rejected; rua=mailto:dmarc@example.com; pct=50";
  for (const [colorScheme, width] of [["light", 1280], ["dark", 390]]) {
    const { page, errors, context } = await openApp({ width, height: 900 }, colorScheme);
    await page.getByRole("textbox", { name: /Paste/ }).fill(record);
    await page.getByRole("button", { name: "Analyze" }).click();
    const auth = page.locator("section.auth");
    await auth.locator(".dmarc-record").waitFor({ timeout: 20000 });
    // The value is underlined (screen readers also hear "error here").
    assert.equal(await auth.locator(".dmarc-record .spf-bad").textContent(), "rejected (error here)");
    assert.match(await auth.locator(".dmarc-errors").innerText(), /byte 12: `p=rejected` is not a policy/);
    assert.equal(await auth.locator("tbody tr").count(), 4);
    assert.match(await auth.locator("tbody").innerText(), /Percentage of failing mail/);
    // The verdict says what the broken policy does, with a guess at what was meant.
    assert.match(await auth.locator('li.finding[data-code="dmarc-record"]').innerText(), /ignored by receivers: `p=rejected` is not a policy \(did you mean `reject`\?\)/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
    const json = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.deepEqual(json.dmarc_record, JSON.parse(execFileSync(CLI, ["dmarc", record, "--json"], { encoding: "utf8" })));
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a pasted DMARC record checked as a domain's over DoH: one report destination authorized, one not", async () => {
  const { page, errors, requests, context } = await openApp();
  await page.waitForLoadState("networkidle");
  await useTestResolver(page);
  await page.getByRole("textbox", { name: /Paste/ }).fill("v=DMARC1; p=reject; rua=mailto:d@reports.test,mailto:d@noauth.reports.test");
  await page.getByRole("button", { name: "Analyze" }).click();
  const auth = page.locator("section.auth");
  await auth.getByLabel(/published for the domain/).fill("ext.mxray.test");
  await auth.getByRole("button", { name: "Check" }).click();
  await auth.locator(".live-status", { hasText: /^Done/ }).waitFor({ timeout: 20000 });
  assert.match(await auth.locator('li.finding[data-code="report-authorized"]').innerText(), /reports\.test accepts DMARC reports for ext\.mxray\.test/);
  assert.match(await auth.locator('li.finding[data-code="report-unauthorized"]').innerText(), /ext\.mxray\.test\._report\._dmarc\.noauth\.reports\.test/);
  assert.match(await auth.locator(".auth-facts").innerText(), /Organizational Domain\s+mxray\.test/);
  assert.equal(await auth.getByLabel(/published for the domain/).inputValue(), "ext.mxray.test");
  // Only DNS names left, to the chosen resolver.
  assert.ok(requests.every((u) => u.startsWith(base) || u.startsWith(`${stack()}?dns=`)), requests.join("\n"));
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(OUT, "dmarc-record.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a forwarded message: its ARC set listed, the list's signatures intact and the author's broken by the list", async () => {
  const file = readFileSync(join(CORPUS, "dkim", "messages", "arc-001.txt"), "utf8");
  const message = file.split("\n\n").slice(1).join("\n\n");
  const { page, errors, context } = await openApp();
  await page.getByRole("textbox", { name: /Paste/ }).fill(message);
  await page.getByRole("button", { name: "Analyze" }).click();
  const auth = page.locator("section.auth");
  await auth.locator("tr.arc-row").first().waitFor({ timeout: 20000 });
  const arc = (await auth.locator("tr.arc-row td").allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(arc.slice(0, 4), ["1", "none", "google.com", "google.com"]);
  assert.match(arc[4], /dkim=neutral \(body hash did not verify\) header\.i=@stalw\.art/);
  // The body hashes, checked offline: the mailing list's signatures match, the author's does not.
  const rows = auth.locator("tr.dkim-row");
  assert.equal(await rows.count(), 3);
  const byDomain = {};
  for (let i = 0; i < 3; i++) {
    const [domain] = await rows.nth(i).locator("td").allInnerTexts();
    (byDomain[domain.trim()] ??= []).push((await rows.nth(i).locator("td.body-hash").innerText()).trim());
  }
  assert.deepEqual(byDomain, { "ietf.org": ["matches", "matches"], "stalw.art": ["changed since signing"] });
  assert.match(await auth.locator(".dmarc-explanation").innerText(), /no longer matches the body/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Who must act, as the page says it (`Actor::describe`), by the names expected.tsv uses. */
const ACTORS = {
  "sender": "you (the sender)",
  "sender-admin": "your mail administrator or sending service",
  "recipient-admin": "the recipient or their mail administrator",
  "nobody": "nobody: it is temporary and will be retried",
};

test("the reviewer's set: each input's headline, who must act and first step on the page, no sideways scroll, axe clean, at 1280 and 390 px", async () => {
  const dir = join(ROOT, "tests", "samples", "review");
  const rows = readFileSync(join(dir, "expected.tsv"), "utf8").split("\n")
    .filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));
  assert.ok(rows.length >= 30, `${rows.length} inputs`);
  const shots = join(OUT, "review");
  mkdirSync(shots, { recursive: true });
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const { page, errors, context } = await openApp(viewport);
    const box = page.getByRole("textbox", { name: /Paste/ });
    for (const [file, headline, who, step] of rows) {
      await box.fill("");
      await page.locator("section.report").waitFor({ state: "detached" });
      await box.fill(readFileSync(join(dir, file), "utf8"));
      await page.getByRole("button", { name: "Analyze" }).click();
      const verdict = page.locator(".verdict-text");
      await verdict.waitFor();
      const at = `${file} at ${viewport.width}px`;
      // A DMARC record's verdict arrives with the DKIM/DMARC module, after the first drawing.
      await page.locator(".verdict-text", { hasText: headline }).waitFor({ timeout: 10000 })
        .catch(async () => assert.fail(`${at}: headline ${await verdict.innerText()}`));
      const report = await page.locator("section.report").innerText();
      if (who !== "-") assert.ok(report.includes(`Who must act: ${ACTORS[who]}`), `${at}: who must act\n${report}`);
      if (step !== "-") assert.ok(report.includes(step), `${at}: first step ${step}\n${report}`);
      // Nothing wider than the screen, neither the page nor a table inside it.
      const sideways = await page.evaluate(() => [document.documentElement, ...document.querySelectorAll(".report, .table-scroll")]
        .map((e) => e.scrollWidth - e.clientWidth).filter((d) => d > 1));
      assert.deepEqual(sideways, [], `${at}: scrolls sideways`);
      assert.deepEqual(await axeViolations(page), [], `${at}: axe`);
      await page.screenshot({ path: join(shots, `${file.replace(/\.[a-z]+$/, "")}-${viewport.width}.png`), fullPage: true });
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a custom resolver URL that is not usable holds every lookup back, and the SPF tree says what live checks did", async () => {
  const { page, errors, requests, context } = await openApp();
  await page.waitForLoadState("networkidle");
  await page.getByRole("textbox", { name: /Paste/ }).fill(LIVE_MESSAGE);
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator("li.hop").first().waitFor();
  await page.getByLabel("DNS resolver").selectOption("custom");
  await page.getByLabel(/Resolver URL/).fill("ftp://dns.example/dns-query");
  await page.getByRole("button", { name: "Use" }).click();
  await page.locator("#live-resolver-error").waitFor();
  const loaded = requests.length;
  await page.getByRole("switch", { name: "Live checks" }).check();
  const waiting = page.locator("section.live [role=alert]");
  await waiting.waitFor();
  assert.match(await waiting.innerText(), /Nothing is looked up until the resolver URL above/);
  // A pasted record with includes, live checks on but held back: the tree does not say they are off.
  await page.getByRole("textbox", { name: /Paste/ }).fill("v=spf1 include:_spf.example.com -all");
  await page.getByRole("button", { name: "Analyze" }).click();
  const problem = page.locator(".spf-node-problem").first();
  await problem.waitFor();
  assert.match(await problem.innerText(), /drawn from the pasted record alone/);
  assert.doesNotMatch(await page.locator("section.spf").innerText(), /live checks are off/i);
  await page.waitForTimeout(500);
  const outside = requests.slice(loaded).filter((u) => !u.startsWith(base));
  assert.deepEqual(outside, [], "nothing was asked of any resolver");
  await page.screenshot({ path: join(OUT, "live-waiting-for-resolver.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("small things a visitor sees first: the placeholder's lines, an Outlook .msg named, providers' help pages as links and nothing else", async () => {
  const { page, errors, context } = await openApp({ width: 390, height: 844 });
  const box = page.getByRole("textbox", { name: /Paste/ });
  const placeholder = await box.getAttribute("placeholder");
  assert.ok(!placeholder.includes("&#10;") && placeholder.split("\n").length === 3, placeholder);
  // An Outlook .msg (an OLE compound file) picked from disk.
  const msg = join(OUT, "outlook.msg");
  writeFileSync(msg, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024, 7)]));
  await page.locator("input[type=file]").setInputFiles(msg);
  const finding = page.locator(".finding[data-code=outlook-msg]");
  await finding.waitFor();
  assert.match(await finding.innerText(), /Outlook \.msg file[\s\S]*\.eml/);
  // A notice quoting Apple's help page: that https URL is a link, opened safely; the words around stay text.
  await box.fill(readFileSync(join(ROOT, "tests", "samples", "review", "15-applemail-icloud-cs01-policy.txt"), "utf8"));
  await page.getByRole("button", { name: "Analyze" }).click();
  const link = page.locator(".server-words a");
  await link.first().waitFor();
  assert.equal(await link.count(), 1);
  assert.equal(await link.getAttribute("href"), "https://support.apple.com/en-us/HT204137");
  assert.match(await link.getAttribute("rel"), /noopener/);
  // A look-alike host and plain http stay text.
  await box.fill("From: MAILER-DAEMON@mx.example.com\nSubject: Undelivered Mail Returned to Sender\n\n" +
    "<a@example.net>: host mx.example.net[192.0.2.1] said: 550 5.7.1 blocked, see https://support.apple.com.evil.example/x " +
    "and http://support.google.com/mail (in reply to RCPT TO command)\n");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".server-words").first().waitFor();
  assert.equal(await page.locator(".server-words a").count(), 0);
  await page.screenshot({ path: join(OUT, "links-390.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("offline after one visit: with the server gone, a reload loads from the service worker and analyses a bounce and a DMARC record", async () => {
  const own = await serve(join(ROOT, "dist"), 0, PREFIX);
  const url = `http://127.0.0.1:${own.address().port}${PREFIX}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  // The worker is installed (every file of the build kept) and controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Compressed on the wire, as the build wrote it.
  const wasm = (await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name)))
    .find((n) => n.endsWith("_bg.wasm"));
  const head = await fetch(wasm, { headers: { "accept-encoding": "br, gzip" } });
  assert.equal(head.headers.get("content-encoding"), "br");
  // Closed at once: the browser's kept-alive connections would hold `close` back.
  const closed = new Promise((done) => own.close(done));
  own.closeAllConnections?.();
  await closed;
  await context.setOffline(true);
  const failed = [];
  const network = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("response", (r) => { if (!r.fromServiceWorker()) network.push(r.url()); });
  const started = Date.now();
  await page.reload();
  const box = page.getByRole("textbox", { name: /Paste/ });
  await box.waitFor();
  await box.fill(readFileSync(join(ROOT, "tests", "samples", "review", "14-applemail-postfix-icloud-unknown.txt"), "utf8"));
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".verdict-text", { hasText: "ondrej.vesely@icloud.com does not exist" }).waitFor();
  const verdictAfter = Date.now() - started;
  console.log(`# offline reload: a bounce's verdict ${verdictAfter} ms after the reload, ${network.length} requests to the network (goals: 500 ms, 0)`);
  assert.ok(verdictAfter <= 1500, `verdict after ${verdictAfter} ms`);
  // The DKIM/DMARC module comes from the cache too.
  await box.fill("v=DMARC1; p=rejct");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".verdict-text", { hasText: "ignored by receivers" }).waitFor({ timeout: 10000 });
  assert.deepEqual(failed, [], "every request was answered offline");
  assert.deepEqual(network, [], "nothing asked of the network");
  await page.screenshot({ path: join(OUT, "offline.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("usable before the wasm arrives: text pasted into the page's first paint is taken over and analysed", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The page's wasm held back, as on a slow line.
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route("**/mxray-web-*_bg.wasm", async (route) => { await held; await route.continue(); });
  await page.goto(base, { waitUntil: "domcontentloaded" });
  const early = page.locator("#shell-paste");
  await early.waitFor();
  const bounce = readFileSync(join(ROOT, "tests", "samples", "review", "08-gmail-en-address-not-found.txt"), "utf8");
  await early.fill(bounce);
  release();
  await page.locator(".verdict-text", { hasText: "karel.horak@example.cz does not exist" }).waitFor({ timeout: 20000 });
  assert.equal(await page.getByRole("textbox", { name: /Paste/ }).inputValue(), bounce, "nothing pasted is lost");
  assert.equal(await page.locator("#shell").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
  // Without JavaScript the page still says what it is and what it needs.
  const bare = await browser.newContext({ javaScriptEnabled: false });
  const nojs = await bare.newPage();
  await nojs.goto(base);
  assert.match(await nojs.locator("body").innerText(), /mxray[\s\S]*Paste email headers[\s\S]*needs JavaScript/);
  await bare.close();
});

test("installable, and a long text is not re-read on every key", async () => {
  const { page, errors, context } = await openApp();
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector("link[rel=manifest]");
    const body = await (await fetch(link.href)).json();
    const icon = await fetch(new URL(body.icons[0].src, link.href));
    return { name: body.short_name, start: body.start_url, icon: icon.status, type: icon.headers.get("content-type") };
  });
  assert.deepEqual(manifest, { name: "mxray", start: "./", icon: 200, type: "image/svg+xml" });
  const box = page.getByRole("textbox", { name: /Paste/ });
  const long = "a line that is not mail\n".repeat(60000);
  // Put in whole, as a paste does (one input event), not typed key by key.
  await box.evaluate((el, text) => { el.value = text; el.dispatchEvent(new InputEvent("input", { bubbles: true })); }, long);
  await page.locator(".long-input").waitFor();
  await page.waitForTimeout(700);
  assert.equal(await page.locator("section.report").count(), 0, "not analysed while typing");
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".finding[data-code=unrecognised-input]").waitFor({ timeout: 20000 });
  assert.equal((await box.inputValue()).length, long.length, "nothing of the text lost");
  assert.deepEqual(errors, []);
  await context.close();
});

test("on a slow line (1.6 Mbit/s, 150 ms): the paste box at once, a bounce's verdict soon after; figures printed", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions",
    { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  const start = Date.now();
  await page.goto(base, { waitUntil: "commit" });
  const box = page.locator("#shell-paste, #paste").first();
  await box.waitFor();
  const usable = Date.now() - start;
  await box.fill(readFileSync(join(ROOT, "tests", "samples", "review", "14-applemail-postfix-icloud-unknown.txt"), "utf8"));
  await page.locator(".verdict-text", { hasText: "does not exist" }).waitFor({ timeout: 30000 });
  const verdict = Date.now() - start;
  await page.waitForLoadState("networkidle");
  console.log(`slow line: paste box usable after ${usable} ms, verdict after ${verdict} ms, ${bytes} bytes moved (goals: 500 ms, 2,500 ms)`);
  // The goals with a generous margin: a failure here is a regression a visitor feels.
  assert.ok(usable <= 1500, `paste box after ${usable} ms`);
  assert.ok(verdict <= 6000, `verdict after ${verdict} ms`);
  await context.close();
});

/** The text a copied share link carries (`#z=`: raw deflate, base64url), read as the page would. */
function linkText(link) {
  const data = new URL(link).hash.replace(/^#z=/, "").replace(/-/g, "+").replace(/_/g, "/");
  return inflateRawSync(Buffer.from(data, "base64")).toString("utf8");
}

test("share without a server: a copied link opens the same report elsewhere; masked, no address, IP or host of the input is in the link, the ticket, the JSON or the page", async () => {
  const input = readFileSync(join(ROOT, "tests", "samples", "bounces", "postfix-outlook-blocklist.eml"), "utf8");
  const cli = JSON.parse(execFileSync(CLI, ["analyze", "--json", "--offline", "-"], { input, encoding: "utf8" }));
  // What identifies people in it: every address and IP the report names, and the hosts that are
  // not a mail service's own (Microsoft's protection.outlook.com names Microsoft, no customer).
  const heads = [cli.headers, cli.bounce.original].filter(Boolean);
  const identifying = [...new Set([
    ...cli.bounce.recipients.map((r) => r.address),
    ...heads.flatMap((h) => [h.from_address, ...(h.to_addresses ?? [])]),
    ...heads.flatMap((h) => h.received.flatMap((hop) => [hop.from_ip, hop.from, hop.by])),
    "mail.sender.example", "sender.example", "198.51.100.9", "pieter.jansen88",
  ].filter((v) => v && v.includes(".") && !/(^|\.)outlook\.com$/i.test(v) && !/^mailer-daemon@/i.test(v)))];
  assert.ok(identifying.length >= 5, identifying.join(", "));
  const leaks = (text) => identifying.filter((v) => text.toLowerCase().includes(v.toLowerCase()));

  const { page, errors, context } = await openApp();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const box = page.getByRole("textbox", { name: /Paste/ });
  await box.fill(input);
  await page.getByRole("button", { name: "Analyze" }).click();
  const verdict = await page.locator(".verdict-text").innerText();
  const rows = async (p) => p.locator(".recipient-row").allInnerTexts();
  const shown = await rows(page);

  // The link as pasted: opened in a browser that never saw the page, the same report.
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByRole("button", { name: /^Link copied \(\d+ KB\)$/ }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(`${base}#z=`), link);
  assert.equal(linkText(link), input);
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  const otherRequests = [];
  other.on("request", (r) => otherRequests.push(r.url()));
  await other.goto(link);
  await other.locator(".verdict-text").waitFor();
  assert.equal(await other.locator(".verdict-text").innerText(), verdict);
  assert.deepEqual(await rows(other), shown);
  assert.ok(otherRequests.every((u) => u.startsWith(base)), otherRequests.join("\n"));
  await elsewhere.close();

  // Masked: what is shown, copied, linked and downloaded carries none of it.
  await page.getByLabel("Mask addresses, names, IP addresses and host names").check();
  await page.locator(".masked-note", { hasText: "Masked view" }).waitFor();
  assert.deepEqual(leaks(await page.locator("section.report").innerText()), []);
  assert.match(await page.locator(".recipient-row .address").first().innerText(), /^user\d+@hotmail\.com$/);
  assert.equal(await box.inputValue(), input, "the paste box keeps what was pasted");
  await page.getByRole("button", { name: "Copy as ticket text" }).click();
  // Written by the report module, fetched at the first copy.
  await page.getByRole("button", { name: "Copied" }).waitFor();
  const ticket = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(ticket, /user\d+@hotmail\.com/);
  assert.deepEqual(leaks(ticket), []);
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByRole("button", { name: /^Link copied/ }).waitFor();
  const masked = await page.evaluate(() => navigator.clipboard.readText());
  assert.notEqual(masked, link);
  assert.deepEqual(leaks(masked), []);
  assert.deepEqual(leaks(linkText(masked)), []);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
  const json = readFileSync(await download.path(), "utf8");
  assert.equal(JSON.parse(json).detected, "bounce");
  assert.deepEqual(leaks(json), []);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(OUT, "share-masked.png"), fullPage: true });
  // The masked link opens the masked view's report.
  const maskedView = await page.locator(".verdict-text").innerText();
  const second = await browser.newContext();
  const reader = await second.newPage();
  await reader.goto(masked);
  await reader.locator(".verdict-text").waitFor();
  assert.equal(await reader.locator(".verdict-text").innerText(), maskedView);
  // A link cut short says so; the page stays usable.
  await reader.goto(`${base}#z=not-a-link`);
  await reader.locator("[role=alert]", { hasText: "This link is damaged" }).waitFor();
  await second.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page's Content-Security-Policy is in force: no inline script in the build, no style attribute, no violation while a bounce, a message, a header block and SPF and DMARC records are analysed", async () => {
  const html = readFileSync(join(ROOT, "dist", "index.html"), "utf8");
  assert.match(html, /<meta content="[^"]*script-src 'self' 'wasm-unsafe-eval'[^"]*" http-equiv=Content-Security-Policy>/);
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, "an inline script in dist/index.html");
  const { page, errors, context } = await openApp();
  const box = page.getByRole("textbox", { name: /Paste/ });
  const inputs = [
    [readFileSync(join(CORPUS, "bounces", "bsd", "lhost-postfix-31.eml"), "utf8"), ".recipient-row"],
    [SIGNED.split("\n\n").slice(1).join("\n\n"), "tr.dkim-row"],
    [readFileSync(headerFiles()[0], "utf8"), "li.hop"],
    ["v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all", ".spf-tree, .spf-record"],
    ["v=DMARC1; p=reject; rua=mailto:d@example.com", ".dmarc-record"],
  ];
  for (const [text, shown] of inputs) {
    await box.fill(text);
    await page.getByRole("button", { name: "Analyze" }).click();
    await page.locator(shown).first().waitFor({ state: "attached", timeout: 15000 })
      .catch(async () => assert.fail(`${shown} not drawn: ${await page.evaluate(() => window.cspViolations)} ${errors}`));
    assert.equal(await page.evaluate(() => document.querySelectorAll("[style]").length), 0, `a style attribute after ${shown}`);
  }
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  // Connections go only to the page's own site and the resolvers it may use.
  const policy = await page.evaluate(() => [...document.querySelectorAll("meta[http-equiv=Content-Security-Policy]")].map((m) => m.content));
  assert.equal(policy.length, 2);
  assert.equal(policy[1], "connect-src 'self' https://cloudflare-dns.com https://dns.google https://dns.quad9.net");
  assert.equal(await page.evaluate(() => fetch("https://dns.example.net/dns-query").then(() => "sent", () => "refused")), "refused");
  assert.deepEqual(await page.evaluate(() => window.cspViolations.map((v) => v.split(" ")[0])), ["connect-src"]);
  await page.evaluate(() => { window.cspViolations.length = 0; });
  // And it is the policy that holds: a script put into the page does not run.
  await page.evaluate(() => { const s = document.createElement("script"); s.textContent = "window.ranInline = true"; document.body.append(s); });
  assert.equal(await page.evaluate(() => window.ranInline), undefined);
  assert.deepEqual(await page.evaluate(() => window.cspViolations.map((v) => v.split(" ")[0])), ["script-src-elem"]);
  await context.close();
});

test("embedded in a help center's page with the README's snippet: the frame grows with the report", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const snippet = /```html\n(<iframe id="mxray"[\s\S]*?)```/.exec(readme)[1].replace('src="/help/mxray/"', `src="${base}"`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setContent(`<!doctype html><html lang="en"><title>Help center</title><h1>Why did my mail bounce?</h1>${snippet}</html>`);
  const frame = page.frameLocator("#mxray");
  const box = frame.getByRole("textbox", { name: /Paste/ });
  await box.waitFor();
  const height = () => page.evaluate(() => document.getElementById("mxray").getBoundingClientRect().height);
  const before = await height();
  await box.fill(readFileSync(join(CORPUS, "bounces", "bsd", "lhost-postfix-31.eml"), "utf8"));
  await frame.getByRole("button", { name: "Analyze" }).click();
  await frame.locator(".recipient-row").first().waitFor();
  await page.waitForFunction((b) => document.getElementById("mxray").getBoundingClientRect().height > b + 300, before);
  // The frame is as tall as the page inside it: no scroll bar of its own.
  const inner = await frame.locator("html").evaluate((e) => e.scrollHeight);
  assert.ok(Math.abs((await height()) - inner) <= 2, `frame ${await height()} px, page ${inner} px`);
  await page.screenshot({ path: join(OUT, "embedded.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("25 MB pasted (Ctrl+V) and 25 MB picked as a file: held out of the box, analysed whole, the page answering all along; the longest main-thread gap printed", async () => {
  const bounce = readFileSync(join(ROOT, "tests", "samples", "bounces", "postfix-outlook-blocklist.eml"), "utf8");
  const filler = "A line of an attached log, as long bounces carry them: 0123456789 abcdefghij.\n";
  // 25 MiB exactly: the most a picked file may be.
  const big = (bounce + "\n" + filler.repeat(Math.ceil((25 * 1024 * 1024 - bounce.length) / filler.length))).slice(0, 25 * 1024 * 1024);
  const verdict = "The receiving server refused mail from your sending server (its IP address or reputation).";
  const bigFile = join(OUT, "big.eml");
  writeFileSync(bigFile, big);
  const { page, errors, context } = await openApp();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // A heartbeat on the page's main thread: the longest time between two of its beats.
  const beat = () => page.evaluate(() => {
    window.longestGap = 0;
    let last = performance.now();
    clearInterval(window.beat);
    window.beat = setInterval(() => { const now = performance.now(); window.longestGap = Math.max(window.longestGap, now - last); last = now; }, 10);
  });
  const gaps = [];
  for (const how of ["pasted", "picked"]) {
    if (how === "pasted") {
      await page.evaluate((t) => navigator.clipboard.writeText(t), big);
      await page.getByRole("textbox", { name: /Paste/ }).focus();
      await beat();
      await page.keyboard.press("Control+V");
    } else {
      await page.getByRole("button", { name: /^Clear/ }).click();
      await page.getByRole("textbox", { name: /Paste/ }).waitFor();
      await beat();
      // From a path, as a person picks it (a buffer would be decoded on the page's main thread).
      await page.locator("input[type=file]").setInputFiles(bigFile);
    }
    await page.locator(".held", { hasText: "A long text, 26 MB" }).waitFor({ timeout: 60000 });
    await page.locator(".verdict-text", { hasText: verdict }).waitFor({ timeout: 60000 });
    // Scrolling and typing answer: the page is not frozen.
    await page.mouse.wheel(0, 400);
    const gap = await page.evaluate(() => window.longestGap);
    gaps.push(gap);
    console.log(`# 25 MB ${how}: longest main-thread gap ${Math.round(gap)} ms (goal 250 ms)`);
    // Nothing lost: its start shown, its end read (the recipient is at the start, the size is all of it).
    assert.match(await page.locator(".held-preview").innerText(), /^Return-Path: <>/);
    assert.equal(await page.getByRole("textbox", { name: /Paste/ }).count(), 0, "not put into the box");
  }
  // The goal is 250 ms; asserted with the same margin as the other timings (a paste's longest
  // gap is the browser handing over the clipboard's 25 MB, which no worker can take over).
  assert.ok(Math.max(...gaps) <= 750, `longest gaps ${gaps.map(Math.round).join(", ")} ms`);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(OUT, "held-25mb.png") });
  rmSync(bigFile);
  await context.close();
});

test("a help center's <meta> settings: only the sections it names show", async () => {
  // A copy of the build with the setting, as a help center would deploy it.
  const dir = join(OUT, "dist-sections");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const f of readdirSync(join(ROOT, "dist"), { recursive: true })) {
    const from = join(ROOT, "dist", f);
    if (f.endsWith(".br") || f.endsWith(".gz")) continue;
    try { copyFileSync(from, join(dir, f)); } catch { mkdirSync(join(dir, f), { recursive: true }); }
  }
  const page0 = readFileSync(join(dir, "index.html"), "utf8");
  writeFileSync(join(dir, "index.html"), page0.replace("</head>", '<meta name="mxray-sections" content="findings"></head>'));
  const own = await serve(dir, 0, PREFIX);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${own.address().port}${PREFIX}`);
  const box = page.getByRole("textbox", { name: /Paste/ });
  await box.fill(readFileSync(join(CORPUS, "bounces", "bsd", "lhost-postfix-31.eml"), "utf8"));
  await page.getByRole("button", { name: "Analyze" }).click();
  await page.locator(".recipient-row").first().waitFor();
  assert.equal(await page.locator("section.findings").count(), 1);
  for (const hidden of [".live-controls, [role=switch]", ".report-actions", ".share", "ol.hops", ".message-summary"]) {
    assert.equal(await page.locator(hidden).count(), 0, `${hidden} shows`);
  }
  await context.close();
  own.close();
  rmSync(dir, { recursive: true, force: true });
});
