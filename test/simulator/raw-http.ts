import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';

// Test support: one HTTP exchange at the socket level, reporting exactly
// what arrived (status, headers, bytes) and how the connection ended, so
// tests can see resets and truncated bodies that fetch() would hide.

export interface RawResponse {
  /** Undefined when no response head arrived at all. */
  status?: number;
  headers: IncomingHttpHeaders;
  /** The bytes received (empty when hashing instead). */
  body: Buffer;
  bytes: number;
  /** SHA-256 of the bytes received, when asked for. */
  sha256?: string;
  /** True when the body ended normally. */
  complete: boolean;
  /** The error code or message when the exchange broke. */
  error?: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Hash the body instead of keeping it (for large files). */
  hashOnly?: boolean;
}

export function rawRequest(
  url: string,
  options: RawRequest = {},
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const result: RawResponse = {
      headers: {},
      body: Buffer.alloc(0),
      bytes: 0,
      complete: false,
    };
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      if (error !== undefined) result.error = error;
      result.body = Buffer.concat(chunks);
      if (options.hashOnly) result.sha256 = hash.digest('hex');
      resolve(result);
    };
    const req = request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    req.on('response', (res) => {
      result.status = res.statusCode;
      result.headers = res.headers;
      res.on('data', (chunk: Buffer) => {
        result.bytes += chunk.length;
        if (options.hashOnly) hash.update(chunk);
        else chunks.push(chunk);
      });
      res.on('end', () => {
        result.complete = true;
        finish();
      });
      res.on('aborted', () => finish('aborted'));
      res.on('error', (error: NodeJS.ErrnoException) =>
        finish(error.code ?? error.message),
      );
      res.on('close', () => finish(result.complete ? undefined : 'closed'));
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code ?? error.message),
    );
    req.end(options.body);
  });
}
