// A small static file server for dist/: used by scripts/serve.sh and the end-to-end tests.
// It serves the build under a sub-path (default /help/mxray/) the way a help center would,
// so relative asset URLs are exercised, and sends the precompressed .br or .gz copy of a file
// when the browser accepts it, as static hosts do. Usage: node scripts/static-server.mjs [DIR] [PORT] [PREFIX]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".css": "text/css; charset=utf-8", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json",
};

/** Start serving `dir` at `prefix` on 127.0.0.1:`port` (0 = any free port); resolves to the server. */
export function serve(dir, port = 0, prefix = "/help/mxray/") {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end("not under " + prefix);
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
        vary: "accept-encoding",
      };
      // The precompressed copy scripts/build.sh wrote, when the browser takes it.
      const accepts = String(req.headers["accept-encoding"] ?? "");
      let body;
      for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
        if (!accepts.includes(encoding)) continue;
        body = await readFile(file + suffix).catch(() => undefined);
        if (body) {
          headers["content-encoding"] = encoding;
          break;
        }
      }
      body ??= await readFile(file);
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = "dist", port = "8080", prefix = "/help/mxray/"] = process.argv.slice(2);
  const server = await serve(dir, Number(port), prefix);
  console.log(`mxray is served at http://127.0.0.1:${server.address().port}${prefix}  (Ctrl+C stops)`);
}
