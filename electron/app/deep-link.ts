// Deep links: `offload-console://case/<id>` opens a case. The OS hands the
// link over as text from anywhere (a browser, a chat, another program), so
// it is matched whole against one strict pattern, before any URL parser
// can resolve `..` or decode `%2e`: anything else is not a case link.

export const DEEP_LINK_SCHEME = 'offload-console';

const MAX_DEEP_LINK_LENGTH = 300;
// Scheme and host are case-insensitive (RFC 3986); the id is taken as is.
// A trailing slash is allowed because some launchers add one.
const CASE_LINK = /^offload-console:\/\/case\/([A-Za-z0-9._:-]{1,200})\/?$/i;

/** The case a deep link names, or null when it is not a case link. */
export function parseDeepLink(url: string): { caseId: string } | null {
  if (typeof url !== 'string' || url.length > MAX_DEEP_LINK_LENGTH) {
    return null;
  }
  const caseId = CASE_LINK.exec(url)?.[1];
  // `.` and `..` are path steps, never ids.
  if (caseId === undefined || /^\.+$/.test(caseId)) return null;
  return { caseId };
}
