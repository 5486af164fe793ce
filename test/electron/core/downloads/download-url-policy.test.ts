import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../../../electron/core/downloads/download-error.ts';
import { checkDownloadUrl } from '../../../../electron/core/downloads/download-url-policy.ts';

describe('checkDownloadUrl', () => {
  it.each([
    ['https://cdn.agentmail.to/f/abc', false],
    ['https://cdn.agentmail.to/f/abc', true],
    ['http://127.0.0.1:4010/__files/t', true],
    ['http://localhost:4010/__files/t', true],
    ['http://LOCALHOST/__files/t', true],
    ['http://[::1]:4010/__files/t', true],
  ])('accepts %j when loopback http is %s', (raw, allowLoopbackHttp) => {
    expect(checkDownloadUrl(raw, allowLoopbackHttp).href).toBe(
      new URL(raw).href,
    );
  });

  it.each([
    ['http://127.0.0.1:4010/__files/t', false],
    ['http://localhost/__files/t', false],
    ['http://cdn.agentmail.to/f/abc', true],
    ['http://10.0.0.1/f', true],
    ['http://127.0.0.1.nip.io/f', true],
    ['http://localhost.example.com/f', true],
    ['ftp://127.0.0.1/f', true],
    ['file:///etc/passwd', true],
    ['javascript:alert(1)', true],
    ['data:text/plain,hi', true],
    ['https://user:secret@cdn.agentmail.to/f', false],
    ['not a url', true],
    ['', true],
    ['//cdn.agentmail.to/f', true],
  ])('refuses %j (loopback http allowed: %s)', (raw, allowLoopbackHttp) => {
    let caught: unknown;
    try {
      checkDownloadUrl(raw, allowLoopbackHttp);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DownloadError);
    expect((caught as DownloadError).kind).toBe('insecure-url');
    expect((caught as DownloadError).message).not.toContain('secret');
  });
});
