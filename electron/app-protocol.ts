import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';

// The built renderer is served from `app://offload/`, not `file://`: a
// file URL would give the page the whole disk as its origin, while this
// scheme answers only for files inside the renderer's folder. Requests
// are resolved by a pure function that refuses anything that could step
// outside it; the request handler is plain web `Request` → `Response`, so
// both run in Node tests. Only Electron's types are imported here.

export const APP_SCHEME = 'app';
export const APP_HOST = 'offload';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Standard (so it has an origin and relative URLs work) and secure (so
 * the page is a secure context); fetch support for module scripts.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Any of these in the raw URL means someone is trying to leave the folder
// (or to smuggle a separator past the URL parser): refuse before parsing.
const SUSPICIOUS = /\\|%5c|%2f|%2e|%00|%25|\0/i;
const MAX_URL_LENGTH = 2_000;

/**
 * The file under `root` an app:// URL names, or null when the URL is not
 * ours or could step outside `root` (`..`, encoded dots or slashes,
 * backslashes, absolute or drive paths, other hosts). `/` is index.html.
 */
export function resolveAppFile(
  root: string,
  requestUrl: string,
): string | null {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_URL_LENGTH) {
    return null;
  }
  if (SUSPICIOUS.test(requestUrl)) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.host !== APP_HOST ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return null;
  }
  // The parser resolves `..` itself; the raw text must not have any.
  const rawPath = requestUrl.slice(APP_ORIGIN.length).split(/[?#]/)[0] ?? '';
  if (rawPath.split('/').some((step) => step === '..' || step === '.')) {
    return null;
  }

  const path =
    url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname;
  const steps = path.slice(1).split('/');
  const names: string[] = [];
  for (const step of steps) {
    let name: string;
    try {
      name = decodeURIComponent(step);
    } catch {
      return null;
    }
    // Empty steps (`//x`), dot steps and drive letters (`C:`) never name
    // a file of ours.
    if (name === '' || /^\.+$/.test(name) || /[:\\/\0]/.test(name)) {
      return null;
    }
    names.push(name);
  }
  const file = join(root, ...names);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
    return null;
  }
  return isAbsolute(inside) ? null : file;
}

/** The content type for a file name; unknown types are plain bytes. */
export function contentTypeOf(file: string): string {
  return (
    CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  );
}

/** Answers app:// requests with files from `root`, each with the CSP. */
export function appFileHandler(
  root: string,
  csp: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers });
    }
    const file = resolveAppFile(root, request.url);
    if (file === null) return new Response(null, { status: 404, headers });
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return new Response(null, { status: 404, headers });
    }
    return new Response(
      request.method === 'HEAD' ? null : new Uint8Array(body),
      {
        status: 200,
        headers: { ...headers, 'Content-Type': contentTypeOf(file) },
      },
    );
  };
}

/** Before `ready`: makes app:// a standard, secure scheme. */
export function registerAppScheme(
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>,
): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After `ready`: serves the built renderer from `root` on app://. */
export function serveAppFiles(
  protocol: Pick<Protocol, 'handle'>,
  root: string,
  csp: string,
): void {
  protocol.handle(APP_SCHEME, appFileHandler(root, csp));
}
