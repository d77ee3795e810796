/** A tiny static file server on 127.0.0.1, so the example runs without any remote service. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { relative, resolve, sep } from 'node:path';

/** A running server and the URLs of the files it serves. */
export interface StaticServer {
  urls: string[];
  close(): Promise<void>;
}

/** Serve every file under `root` whose name ends with `suffix` on a random port of 127.0.0.1. */
export async function serveFiles(root: string, suffix = '.json.gz'): Promise<StaticServer> {
  const base = resolve(root);
  const files = (await readdir(base, { recursive: true }))
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => f.split(sep).join('/'));
  const server: Server = createServer((req, res) => {
    const path = resolve(base, decodeURIComponent((req.url ?? '/').slice(1)));
    if (relative(base, path).startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    stat(path).then(
      (info) => {
        res.writeHead(200, { 'content-length': info.size, 'content-type': 'application/octet-stream' });
        createReadStream(path).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    urls: files.map((f) => `http://127.0.0.1:${port}/${f}`),
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : ok()));
      }),
  };
}
