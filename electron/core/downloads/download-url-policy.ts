import { DownloadError } from './download-error.ts';

// Download links are bearer tokens handed to us by the API, and the bytes
// land on a support worker's disk, so only https is followed. Plain http
// is allowed for loopback hosts alone, and only when the profile itself
// talks to a loopback API (the simulator, development).

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set([
  '127.0.0.1',
  '[::1]',
  'localhost',
]);

/** Whether a URL's host is this machine. */
export function isLoopbackHost(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * Parses a download link and checks it against the link policy; throws a
 * DownloadError of kind 'insecure-url' for anything else (bad syntax,
 * other schemes, http to a remote host, embedded credentials).
 */
export function checkDownloadUrl(raw: string, allowLoopbackHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new DownloadError('insecure-url', {
      message: 'The download link is not a valid URL.',
      cause,
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new DownloadError('insecure-url', {
      message: 'The download link carries credentials, so it was refused.',
    });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url)) {
    return url;
  }
  throw new DownloadError('insecure-url');
}
