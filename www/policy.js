// The page's network policy: connections only to its own site and to the DNS-over-HTTPS
// resolvers it may use — the presets (src/dns/mod.rs RESOLVER_PRESETS: each is another's
// fallback), the help center's default (<meta name="mxray-resolver">) and the custom resolver
// this visitor chose (remembered in this browser). Added to index.html's own policy, which it
// narrows, before anything connects. A policy can only be narrowed once in force, so a newly
// chosen custom resolver takes effect after a reload, which the page does itself, keeping the
// text (src/ui/live.rs).
(() => {
  const allowed = new Set(["https://cloudflare-dns.com", "https://dns.google", "https://dns.quad9.net"]);
  const add = (url) => { try { allowed.add(new URL(url).origin); } catch { /* not a URL: not allowed */ } };
  add(document.querySelector("meta[name=mxray-resolver]")?.content);
  try { add(localStorage.getItem("mxray-resolver")); } catch { /* storage refused: presets only */ }
  const policy = document.createElement("meta");
  policy.httpEquiv = "Content-Security-Policy";
  policy.content = `connect-src 'self' ${[...allowed].join(" ")}`;
  document.head.append(policy);
})();
