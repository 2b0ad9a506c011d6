// Serves a Trunk release build (dist/) from a SUB-PATH, the way it is deployed
// (e.g. https://example.org/nats-playground/): dist/ is copied into a temp dir as
// `nats-playground/` and served by Python's http.server (what `python3 -m http.server`
// runs) on 127.0.0.1. The server exits by itself when this node process goes away,
// even if it is killed, so no server outlives an interrupted run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SUB_PATH = '/nats-playground/';

// `python3 -m http.server PORT --bind 127.0.0.1 --directory ROOT`, plus a watchdog thread
// that exits when the parent process (node) is gone.
const PY_SERVER = `
import functools, http.server, os, sys, threading, time
port, root, parent = int(sys.argv[1]), sys.argv[2], os.getppid()
isolated = len(sys.argv) > 3 and sys.argv[3] == "isolated"
def watchdog():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
threading.Thread(target=watchdog, daemon=True).start()
class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        if isolated:
            # Cross-origin isolation: the page's clocks (performance.now, requestAnimationFrame
            # timestamps) get 5 us resolution instead of 100 us.
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()
handler = functools.partial(Handler, directory=root)
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`static server exited (${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`static server did not answer at ${url}`);
}

/**
 * Starts the server; returns { baseUrl, stop() }. `distDir` must hold index.html.
 * `isolated`: send COOP/COEP headers (cross-origin isolation, fine-grained clocks).
 */
export async function serveDist(distDir, { isolated = false } = {}) {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html not found: run \`trunk build --release\` first`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-playground-e2e-'));
  fs.cpSync(distDir, path.join(root, SUB_PATH), { recursive: true });
  const port = await freePort();
  const child = spawn('python3', ['-c', PY_SERVER, String(port), root, isolated ? 'isolated' : 'plain'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const baseUrl = `http://127.0.0.1:${port}${SUB_PATH}`;
  try {
    await waitForHttp(baseUrl, child);
  } catch (e) {
    child.kill();
    throw new Error(`${e.message}\n${log}`);
  }
  return {
    baseUrl,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
