import { describe, expect, it } from 'vitest';
import {
  isAppNavigation,
  isSafeExternalUrl,
} from '../../../electron/app/url-guards.ts';

describe('isSafeExternalUrl', () => {
  it.each([
    'https://offload.example.com/docs',
    'https://example.com',
    'https://sub.example.co.uk/path?q=1#top',
    'https://xn--bcher-kva.example/',
  ])('accepts the https link %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: disguised', 'JaVaScRiPt:alert(document.cookie)'],
    ['file:', 'file:///etc/passwd'],
    ['plain http', 'http://example.com/'],
    ['embedded login', 'https://user:pw@example.com/'],
    ['embedded user only', 'https://user@example.com/'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'offload-console://case/abc'],
    ['the app scheme', 'app://offload/index.html'],
    ['a bare host name', 'https://intranet/'],
    ['an IPv6 literal', 'https://[::1]/'],
    ['spaces in the host', 'https://exa mple.com/'],
    ['a leading space', ' https://example.com/'],
    ['a tab inside', 'https://exam\tple.com/'],
    ['a newline inside', 'https://example.com/\nx'],
    ['a right-to-left override', 'https://example.com/\u202egpj.exe'],
    ['backslashes', 'https:\\\\example.com\\x'],
    ['no host', 'https:///path'],
    ['not a URL', 'example.com'],
    ['empty', ''],
    ['far too long', `https://example.com/${'a'.repeat(9_000)}`],
    ['ftp:', 'ftp://example.com/file'],
    ['mailto:', 'mailto:someone@example.com'],
  ])('refuses %s', (_why, url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it.each([null, undefined, 42, {}])('refuses the non-string %s', (value) => {
    expect(isSafeExternalUrl(value as unknown as string)).toBe(false);
  });
});

describe('isAppNavigation', () => {
  const APP = 'app://offload';

  it.each([
    'app://offload/index.html',
    'app://offload/',
    'app://offload/cases/abc?x=1#y',
  ])('allows %s on the app origin', (url) => {
    expect(isAppNavigation(url, APP)).toBe(true);
  });

  it.each([
    ['another host on the app scheme', 'app://offload.evil/index.html'],
    ['a login that names our host', 'app://offload@evil/index.html'],
    ['a host that starts like ours', 'app://offloadx/'],
    ['our host under http', 'http://offload/'],
    ['a look-alike web host', 'http://app.offload.evil/'],
    ['https elsewhere', 'https://example.com/'],
    ['file:', 'file:///index.html'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,hi'],
    ['about:blank', 'about:blank'],
    ['empty', ''],
    ['not a URL', 'offload'],
  ])('refuses %s', (_why, url) => {
    expect(isAppNavigation(url, APP)).toBe(false);
  });

  it('compares the port of a development origin too', () => {
    const dev = 'http://localhost:5173';
    expect(isAppNavigation('http://localhost:5173/src/main.tsx', dev)).toBe(
      true,
    );
    expect(isAppNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAppNavigation('http://localhost/', dev)).toBe(false);
  });
});
