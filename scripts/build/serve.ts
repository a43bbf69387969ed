/**
 * A small static server for the built site in dist/, for looking at the site and for the browser tests.
 * Serves directory index.html files, the content types Pagefind and the downloads need, and 404.html with status 404.
 *
 * `astro preview` is not used because it does not behave as the hosts the site is published on do: it sends
 * Pagefind's index files (`.pagefind`, `.pf_*`) and the SQLite download with an empty Content-Type where a host sends
 * `application/octet-stream` (and `X-Content-Type-Options: nosniff`), answers an address without its trailing slash
 * (`/employers/barclays`) with 404 where a host redirects to the page, and answers a path that climbs out of dist/
 * with 500. `tests/e2e/serve.test.ts` holds the server to the host's behaviour.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
  ".pagefind": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
  ".sqlite": "application/vnd.sqlite3",
  ".gz": "application/gzip",
  ".zip": "application/zip",
};

/** The content type for a file name; unknown kinds are sent as bytes. */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Starts serving `root` on `port` (0 picks a free one); resolves once listening. */
export async function serveStatic(
  root = "dist",
  port = 0,
  host = "127.0.0.1",
): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      const target = normalize(join(base, pathname));
      // Refuse anything that resolves outside dist/ (../ tricks).
      if (target !== base && !target.startsWith(base + sep)) {
        res.writeHead(400).end("Bad path");
        return;
      }
      let file = target;
      if (!(await isFile(file))) {
        const index = join(target, "index.html");
        if (await isFile(index)) {
          if (!pathname.endsWith("/")) {
            res.writeHead(301, { location: `${pathname}/` }).end();
            return;
          }
          file = index;
        } else {
          const notFound = join(base, "404.html");
          res.writeHead(404, { "content-type": contentType(notFound) });
          if (req.method === "HEAD" || !(await isFile(notFound))) res.end("Not found");
          else createReadStream(notFound).pipe(res);
          return;
        }
      }
      res.writeHead(200, {
        "content-type": contentType(file),
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") res.end();
      else
        createReadStream(file)
          .on("error", () => res.destroy())
          .pipe(res);
    } catch {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    }
  });
  await new Promise<void>((ok, fail) => server.once("error", fail).listen(port, host, ok));
  const { port: actual } = server.address() as AddressInfo;
  return { server, url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actual}/` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 4321);
  serveStatic("dist", port, process.env.HOST ?? "127.0.0.1").then(
    ({ url }) => console.log(`Serving dist/ at ${url} (Ctrl+C to stop)`),
    (err: Error) => {
      console.error(`Could not serve dist/ on port ${port}: ${err.message}. Set PORT to use another port.`);
      process.exit(1);
    },
  );
}
