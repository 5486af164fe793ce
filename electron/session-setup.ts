import type { App, Session, WebContents } from 'electron';
import type { Logger } from './core/logger.ts';
import {
  isAppNavigation,
  isSafeExternalUrl,
  originOf,
} from './app/url-guards.ts';

// The session's security set-up, in one place. Read Electron's security
// checklist before changing anything here:
// https://www.electronjs.org/docs/latest/tutorial/security
// Permissions are denied unless the table below grants them, every
// response carries the CSP, the window never navigates away from the app,
// never opens another window, and never attaches a <webview>. Links that
// leave the app go to the system browser, https only. The decisions are
// pure functions, tested in Node; this file imports only Electron's types.

/**
 * The renderer's Content Security Policy: nothing but its own files. It
 * makes no network calls (the main process does all HTTP), so there is
 * no connect-src; no `data:` images either, as a pasted transcript must
 * not be able to draw one. renderer/index.html carries the same string.
 */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; " +
  "img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * The CSP while `npm run dev` serves the renderer: Vite's React refresh
 * needs an inline script and inline styles, and its hot reload a socket
 * to the dev server. Never used for the built app.
 */
export function developmentCsp(devServerUrl: string): string {
  const origin = originOf(devServerUrl);
  if (origin === null || !origin.startsWith('http://')) {
    throw new Error('The dev server must be an http:// origin.');
  }
  const socket = origin.replace(/^http:/, 'ws:');
  return (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; " +
    "style-src 'self' 'unsafe-inline'; img-src 'self'; font-src 'self'; " +
    `connect-src 'self' ${socket}; base-uri 'none'; form-action 'none'`
  );
}

export interface PermissionDecision {
  allow: boolean;
  reason: string;
}

/** Every permission the page might ask for, with why it gets its answer. */
export const PERMISSIONS: Readonly<Record<string, PermissionDecision>> =
  Object.freeze({
    'clipboard-sanitized-write': {
      allow: true,
      reason: 'copy buttons put case ids and answers on the clipboard',
    },
    'clipboard-read': {
      allow: false,
      reason: 'the page never reads what else is on the clipboard',
    },
    'deprecated-sync-clipboard-read': {
      allow: false,
      reason: 'the page never reads the clipboard',
    },
    notifications: {
      allow: false,
      reason: 'notifications come from the main process, per the settings',
    },
    openExternal: {
      allow: false,
      reason: 'links leave only through the https-only external function',
    },
    media: { allow: false, reason: 'no camera or microphone is used' },
    'display-capture': { allow: false, reason: 'no screen is captured' },
    'captured-surface-control': {
      allow: false,
      reason: 'no screen is captured',
    },
    geolocation: { allow: false, reason: 'location is never needed' },
    'geolocation-approximate': {
      allow: false,
      reason: 'location is never needed',
    },
    fullscreen: {
      allow: false,
      reason: 'the window has its own full-screen control',
    },
    'automatic-fullscreen': { allow: false, reason: 'as fullscreen' },
    pointerLock: { allow: false, reason: 'no game-style pointer capture' },
    keyboardLock: { allow: false, reason: 'system keys stay with the system' },
    fileSystem: {
      allow: false,
      reason: 'files are read and written by the main process only',
    },
    'local-fonts': { allow: false, reason: 'the app ships its own fonts' },
    hid: { allow: false, reason: 'no devices are used' },
    serial: { allow: false, reason: 'no devices are used' },
    usb: { allow: false, reason: 'no devices are used' },
    'smart-card': { allow: false, reason: 'no devices are used' },
    midi: { allow: false, reason: 'no devices are used' },
    midiSysex: { allow: false, reason: 'no devices are used' },
    nfc: { allow: false, reason: 'no devices are used' },
    sensors: { allow: false, reason: 'no devices are used' },
    'speaker-selection': { allow: false, reason: 'no audio is played' },
    mediaKeySystem: { allow: false, reason: 'no protected media is played' },
    'idle-detection': {
      allow: false,
      reason: 'whether the person is at the desk is not ours to know',
    },
    'window-management': {
      allow: false,
      reason: 'the page does not place windows on screens',
    },
    'screen-wake-lock': { allow: false, reason: 'the screen may sleep' },
    'system-wake-lock': { allow: false, reason: 'the machine may sleep' },
    'persistent-storage': {
      allow: false,
      reason: 'the case store lives in the main process',
    },
    'storage-access': { allow: false, reason: 'there is no third party' },
    'top-level-storage-access': {
      allow: false,
      reason: 'there is no third party',
    },
    'background-sync': {
      allow: false,
      reason: 'polling runs in the main process',
    },
    'periodic-background-sync': {
      allow: false,
      reason: 'polling runs in the main process',
    },
    'background-fetch': {
      allow: false,
      reason: 'downloads run in the main process',
    },
    'payment-handler': { allow: false, reason: 'nothing is paid here' },
    'web-app-installation': { allow: false, reason: 'this is the app' },
    'web-printing': { allow: false, reason: 'printing is not offered' },
    'local-network': {
      allow: false,
      reason: 'the page makes no network calls',
    },
    'local-network-access': {
      allow: false,
      reason: 'the page makes no network calls',
    },
    'loopback-network': {
      allow: false,
      reason: 'the page makes no network calls',
    },
    ar: { allow: false, reason: 'no augmented reality' },
    vr: { allow: false, reason: 'no virtual reality' },
    'hand-tracking': { allow: false, reason: 'no virtual reality' },
  });

const UNLISTED: PermissionDecision = Object.freeze({
  allow: false,
  reason: 'not in the permission table: denied by default',
});

/** The table's answer for a permission; anything unlisted is denied. */
export function permissionDecision(permission: string): PermissionDecision {
  return Object.hasOwn(PERMISSIONS, permission)
    ? (PERMISSIONS[permission] ?? UNLISTED)
    : UNLISTED;
}

/** Granted only when the table allows it and our own page asks. */
export function allowsPermission(
  permission: string,
  requestingUrl: string,
  appOrigin: string,
): boolean {
  return (
    permissionDecision(permission).allow &&
    isAppNavigation(requestingUrl, appOrigin)
  );
}

/** What to do with a link the page follows or tries to open. */
export type LinkAction = 'stay' | 'open-externally' | 'deny';

/** A navigation stays only on our origin; safe https leaves for the browser. */
export function navigationAction(url: string, appOrigin: string): LinkAction {
  if (isAppNavigation(url, appOrigin)) return 'stay';
  return isSafeExternalUrl(url) ? 'open-externally' : 'deny';
}

/** No new window ever opens; safe https goes to the browser instead. */
export function windowOpenAction(url: string): LinkAction {
  return isSafeExternalUrl(url) ? 'open-externally' : 'deny';
}

/** Response headers with our CSP in place of any the response had. */
export function withCsp(
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (
      lower === 'content-security-policy' ||
      lower === 'content-security-policy-report-only'
    ) {
      continue;
    }
    out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

export interface SessionSetupOptions {
  app: Pick<App, 'on'>;
  session: Session;
  /** The origin the window's page is served from. */
  appOrigin: string;
  csp: string;
  /** The one way out to the system browser (checks isSafeExternalUrl). */
  openExternal: (url: string) => void;
  logger: Logger;
}

/** Applies every rule above to the session and to each new web contents. */
export function setUpSession(options: SessionSetupOptions): void {
  const { session, appOrigin, csp, openExternal, logger } = options;

  // Permissions: the table decides, and only for our own page.
  session.setPermissionRequestHandler(
    (contents, permission, callback, details) => {
      const url = details.requestingUrl || contents.getURL();
      const allow = allowsPermission(permission, url, appOrigin);
      if (!allow) {
        logger.info('permission denied', {
          permission,
          reason: permissionDecision(permission).reason,
        });
      }
      callback(allow);
    },
  );
  session.setPermissionCheckHandler((_contents, permission, origin) =>
    allowsPermission(permission, origin, appOrigin),
  );
  session.setDevicePermissionHandler(() => false);

  // The CSP on every response, whatever the server sent.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });

  options.app.on('web-contents-created', (_event, contents) => {
    guardContents(contents, appOrigin, openExternal, logger);
  });
}

function guardContents(
  contents: WebContents,
  appOrigin: string,
  openExternal: (url: string) => void,
  logger: Logger,
): void {
  const follow = (url: string, prevent: () => void, what: string) => {
    const action = navigationAction(url, appOrigin);
    if (action === 'stay') return;
    prevent();
    if (action === 'open-externally') openExternal(url);
    else logger.warn(`${what} blocked`, { scheme: schemeOf(url) });
  };
  contents.on('will-navigate', (event) => {
    follow(event.url, () => event.preventDefault(), 'navigation');
  });
  contents.on('will-redirect', (event) => {
    if (!isAppNavigation(event.url, appOrigin)) {
      event.preventDefault();
      logger.warn('redirect blocked', { scheme: schemeOf(event.url) });
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenAction(url) === 'open-externally') openExternal(url);
    else logger.warn('window.open blocked', { scheme: schemeOf(url) });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview blocked');
  });
}

/** Only the scheme is logged: a URL can carry personal data. */
function schemeOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'none';
}
