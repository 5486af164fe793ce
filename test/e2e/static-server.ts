import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

// Serves the built renderer on loopback, standing in for Electron's
// app:// protocol: same files, and the page's own Content-Security-Policy
// (read from its meta tag) also sent as a header, as the app's session
// does. Anything outside the folder is a 404.

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticServer {
  /** The page's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The policy the page runs under. */
  contentSecurityPolicy: string;
  close(): Promise<void>;
}

/** The CSP in a built index.html's meta tag. */
export function metaContentSecurityPolicy(html: string): string {
  const match =
    /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(
      html,
    );
  if (!match?.[1]) throw new Error('index.html has no CSP meta tag');
  return match[1];
}

/** Serves `root` on 127.0.0.1 with the page's CSP on every answer. */
export async function serveRenderer(root: string): Promise<StaticServer> {
  const policy = metaContentSecurityPolicy(
    await readFile(join(root, 'index.html'), 'utf8'),
  );
  const server = createServer((request, response) => {
    const path = decodeURIComponent(
      new URL(request.url ?? '/', 'http://x').pathname,
    );
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    const headers = { 'content-security-policy': policy };
    if (!file.startsWith(root + sep)) {
      response.writeHead(404, headers).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response
          .writeHead(200, {
            ...headers,
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          })
          .end(body);
      },
      () => response.writeHead(404, headers).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    contentSecurityPolicy: policy,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
