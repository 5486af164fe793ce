// The two URL checks the window's security rests on: which links may leave
// the app for the system browser, and which navigations stay inside it.
// Both parse with WHATWG URL and compare parts, never prefixes, so that
// `https://app.offload.evil` or `app://offload@evil` cannot pass for ours.
// https://www.electronjs.org/docs/latest/tutorial/security

const MAX_EXTERNAL_URL_LENGTH = 8_000;
// Letters, digits, hyphens and dots (IDNs arrive as punycode after
// parsing), with at least one dot: no bare intranet names, no trailing dot.
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Whitespace, controls and backslashes anywhere in the raw text: the URL
// parser strips or rewrites them silently, so what we checked would not
// be what we were given.
const REWRITTEN_CHARACTERS = /[\s\p{Cc}\p{Cf}\\]/u;

function parse(raw: unknown): URL | null {
  if (typeof raw !== 'string' || REWRITTEN_CHARACTERS.test(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Whether a link may be handed to the system browser: https only, a real
 * host name, no embedded login, at most 8,000 characters.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH) {
    return false;
  }
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    HOST_NAME.test(parsed.hostname)
  );
}

/**
 * `scheme://host[:port]` of a URL, compared as a whole. URL.origin is no
 * use here: it is "null" for custom schemes such as `app:`.
 */
export function originOf(url: string): string | null {
  const parsed = parse(url);
  if (parsed === null || parsed.username !== '' || parsed.password !== '') {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Whether a navigation stays on the app's own origin. */
export function isAppNavigation(url: string, appOrigin: string): boolean {
  const expected = originOf(appOrigin);
  return expected !== null && originOf(url) === expected;
}
