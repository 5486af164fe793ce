import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { App, Session } from 'electron';
import { Logger } from '../../electron/core/logger.ts';
import {
  PERMISSIONS,
  RENDERER_CSP,
  allowsPermission,
  developmentCsp,
  navigationAction,
  permissionDecision,
  setUpSession,
  windowOpenAction,
  withCsp,
} from '../../electron/session-setup.ts';

const APP = 'app://offload';

// URLs a compromised or careless page might try to reach.
const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/calc.exe',
  'http://example.com/',
  'http://app.offload/',
  'app://offload.evil/index.html',
  'app://offload@evil/index.html',
  'app://evil/index.html',
  'https://user:pw@example.com/',
  'https://localhost/',
  'offload-console://case/x',
  'ms-settings:',
  'smb://server/share',
  'about:blank',
  '',
  ' https://example.com/',
];

describe('the permission table', () => {
  it('gives a reason for every entry', () => {
    for (const [name, decision] of Object.entries(PERMISSIONS)) {
      expect(decision.reason.length, name).toBeGreaterThan(5);
    }
  });

  it('grants nothing but writing to the clipboard', () => {
    const granted = Object.entries(PERMISSIONS)
      .filter(([, decision]) => decision.allow)
      .map(([name]) => name);
    expect(granted).toEqual(['clipboard-sanitized-write']);
  });

  it.each([
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'clipboard-read',
    'usb',
    'unknown',
    'a-permission-from-a-future-chromium',
    '__proto__',
    'toString',
    '',
  ])('denies %j', (permission) => {
    const decision = permissionDecision(permission);
    expect(decision.allow).toBe(false);
    expect(decision.reason).not.toBe('');
  });

  it('grants an allowed permission only to our own page', () => {
    const write = 'clipboard-sanitized-write';
    expect(allowsPermission(write, `${APP}/index.html`, APP)).toBe(true);
    for (const url of HOSTILE_URLS) {
      expect(allowsPermission(write, url, APP), url).toBe(false);
    }
    expect(allowsPermission('media', `${APP}/index.html`, APP)).toBe(false);
  });
});

describe('navigationAction', () => {
  it.each(['app://offload/index.html', 'app://offload/#/cases/1'])(
    'keeps %s in the window',
    (url) => {
      expect(navigationAction(url, APP)).toBe('stay');
    },
  );

  it('sends a safe https link to the system browser', () => {
    expect(navigationAction('https://docs.offloadapi.com/x', APP)).toBe(
      'open-externally',
    );
  });

  it.each(HOSTILE_URLS)('denies %j', (url) => {
    expect(navigationAction(url, APP)).toBe('deny');
  });

  it('keeps the dev server page only for the dev server origin', () => {
    const dev = 'http://localhost:5173';
    expect(navigationAction('http://localhost:5173/x', dev)).toBe('stay');
    expect(navigationAction('http://localhost:5174/x', dev)).toBe('deny');
    expect(navigationAction('app://offload/index.html', dev)).toBe('deny');
  });
});

describe('windowOpenAction', () => {
  it('never opens a window, even for our own origin', () => {
    expect(windowOpenAction('app://offload/index.html')).toBe('deny');
  });

  it('hands a safe https link to the system browser', () => {
    expect(windowOpenAction('https://example.com/path?q=1')).toBe(
      'open-externally',
    );
  });

  it.each(HOSTILE_URLS)('denies %j', (url) => {
    expect(windowOpenAction(url)).toBe('deny');
  });
});

describe('the CSP', () => {
  it('is the same string as renderer/index.html declares', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta =
      /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });

  it("allows nothing but 'self' scripts, styles, images and fonts", () => {
    const directives = new Map(
      RENDERER_CSP.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives.get('default-src')).toBe("'none'");
    for (const name of ['script-src', 'style-src', 'img-src', 'font-src']) {
      expect(directives.get(name), name).toBe("'self'");
    }
    expect(directives.has('connect-src')).toBe(false);
    expect(RENDERER_CSP).not.toMatch(/unsafe|data:|http|ws:|\*/);
  });

  it('replaces any CSP a response carried, in any letter case', () => {
    const headers = withCsp(
      {
        'content-security-policy': ['default-src *'],
        'Content-Security-Policy-Report-Only': ['x'],
        'Content-Type': ['text/html'],
      },
      RENDERER_CSP,
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [RENDERER_CSP],
    });
    expect(withCsp(undefined, RENDERER_CSP)).toEqual({
      'Content-Security-Policy': [RENDERER_CSP],
    });
  });

  it('relaxes only for an http dev server, with its socket', () => {
    const csp = developmentCsp('http://localhost:5173/');
    expect(csp).toContain("connect-src 'self' ws://localhost:5173");
    expect(csp).toContain("default-src 'none'");
    for (const bad of [
      'https://example.com',
      'app://offload',
      'nonsense',
      '',
    ]) {
      expect(() => developmentCsp(bad), bad).toThrow(/http:\/\//);
    }
  });
});

// ---------------------------------------------------------------------------
// setUpSession against small stand-ins for Electron's objects

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(
    handler: (details: { url: string }) => {
      action: string;
    },
  ) {
    this.openHandler = handler;
  }
  getURL() {
    return `${APP}/index.html`;
  }
  /** Emits an Electron-style event; true when a listener prevented it. */
  fire(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function setUp() {
  const app = new EventEmitter();
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (h: never) => (handlers.request = h),
    setPermissionCheckHandler: (h: never) => (handlers.check = h),
    setDevicePermissionHandler: (h: never) => (handlers.device = h),
    webRequest: {
      onHeadersReceived: (h: never) => (handlers.headers = h),
    },
  };
  const opened: string[] = [];
  const lines: string[] = [];
  setUpSession({
    app: app as unknown as App,
    session: session as unknown as Session,
    appOrigin: APP,
    csp: RENDERER_CSP,
    openExternal: (url) => opened.push(url),
    logger: new Logger({ sink: (line) => lines.push(line), level: 'debug' }),
  });
  const contents = new FakeContents();
  app.emit('web-contents-created', {}, contents);
  return { handlers, contents, opened, lines };
}

describe('setUpSession', () => {
  it('prevents every hostile navigation and opens nothing for it', () => {
    const { contents, opened } = setUp();
    for (const url of HOSTILE_URLS) {
      expect(contents.fire('will-navigate', url), url).toBe(true);
    }
    expect(opened).toEqual([]);
    expect(contents.fire('will-navigate', `${APP}/index.html`)).toBe(false);
  });

  it('sends a followed https link to the browser instead of the window', () => {
    const { contents, opened } = setUp();
    expect(contents.fire('will-navigate', 'https://example.com/a')).toBe(true);
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('blocks redirects away from the app', () => {
    const { contents } = setUp();
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-redirect', `${APP}/x`)).toBe(false);
  });

  it('denies every new window, handing only safe https to the browser', () => {
    const { contents, opened } = setUp();
    const open = contents.openHandler;
    expect(open).not.toBeNull();
    for (const url of [...HOSTILE_URLS, `${APP}/index.html`]) {
      expect(open?.({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual([]);
    expect(open?.({ url: 'https://example.com/b' })).toEqual({
      action: 'deny',
    });
    expect(opened).toEqual(['https://example.com/b']);
  });

  it('blocks webview attachment', () => {
    const { contents } = setUp();
    expect(contents.fire('will-attach-webview', '')).toBe(true);
  });

  it('answers permission requests and checks from the table, logging refusals', () => {
    const { handlers, contents, lines } = setUp();
    const answers: boolean[] = [];
    const request = handlers.request as unknown as (...args: unknown[]) => void;
    request(contents, 'media', (ok: boolean) => answers.push(ok), {
      requestingUrl: `${APP}/index.html`,
    });
    request(
      contents,
      'clipboard-sanitized-write',
      (ok: boolean) => answers.push(ok),
      { requestingUrl: `${APP}/index.html` },
    );
    expect(answers).toEqual([false, true]);
    expect(lines.join('\n')).toContain('no camera or microphone');
    const check = handlers.check as unknown as (...args: unknown[]) => boolean;
    expect(check(null, 'geolocation', APP)).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', APP)).toBe(true);
    expect(check(null, 'clipboard-sanitized-write', 'https://evil.com')).toBe(
      false,
    );
    const device = handlers.device as unknown as () => boolean;
    expect(device()).toBe(false);
  });

  it('puts the CSP on every response', () => {
    const { handlers } = setUp();
    let sent: unknown;
    const headers = handlers.headers as unknown as (...args: unknown[]) => void;
    headers(
      { responseHeaders: { 'content-security-policy': ['default-src *'] } },
      (response: unknown) => (sent = response),
    );
    expect(sent).toEqual({
      responseHeaders: { 'Content-Security-Policy': [RENDERER_CSP] },
    });
  });
});
