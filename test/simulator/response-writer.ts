import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from './admin-contract.ts';
import type { ApiResponse } from './api-response.ts';

// Writing responses to the socket, including every injected fault. The
// functions return the status that went out, or null when the connection
// was cut without one, so the request log can record it.

const JSON_TYPE = 'application/json';

const GATEWAY_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer.' +
  '</p></body></html>\n';

export function writeBody(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): number {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  return status;
}

/** Cuts the connection without sending anything. */
export function resetConnection(req: IncomingMessage): null {
  req.socket.destroy();
  return null;
}

/**
 * Sends the headers (announcing the full length) and the first `keep`
 * bytes, then drops the connection once those bytes are on their way.
 */
export function writeTruncated(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: Buffer,
  keep: number,
): number {
  res.writeHead(status, headers);
  res.write(body.subarray(0, Math.min(keep, body.length)), () => {
    req.socket.destroy();
  });
  return status;
}

/**
 * The faults that answer instead of the API: gateway errors, broken
 * bodies, a reset. Returns undefined for kinds that need the real
 * response first (truncate, wrong-field) or none at all (latency).
 */
export function writeReplacementFault(
  req: IncomingMessage,
  res: ServerResponse,
  rule: FaultRule,
): number | null | undefined {
  switch (rule.kind) {
    case 'gateway-429':
      return writeBody(
        res,
        rule.status ?? 429,
        JSON_TYPE,
        '{"message":"Too Many Requests"}',
      );
    case 'gateway-500':
      return writeBody(
        res,
        rule.status ?? 500,
        JSON_TYPE,
        '{"message":"Internal Server Error"}',
      );
    case 'envelope-500':
      return writeBody(
        res,
        rule.status ?? 500,
        JSON_TYPE,
        JSON.stringify({
          ok: false,
          error: { code: 'INTERNAL_ERROR', message: 'Injected internal error' },
        }),
      );
    case 'error':
      return writeBody(
        res,
        rule.status ?? 500,
        JSON_TYPE,
        JSON.stringify({
          ok: false,
          error: {
            code: rule.code ?? 'INTERNAL_ERROR',
            message: rule.message ?? 'Injected error',
          },
        }),
      );
    case 'html':
      return writeBody(
        res,
        rule.status ?? 502,
        'text/html; charset=utf-8',
        GATEWAY_PAGE,
      );
    case 'empty':
      return writeBody(res, rule.status ?? 200, JSON_TYPE, '');
    case 'malformed-json':
      return writeBody(
        res,
        rule.status ?? 200,
        JSON_TYPE,
        '{"ok":true,"data":{',
      );
    case 'reset':
      return resetConnection(req);
    default:
      return undefined;
  }
}

/**
 * Sets (or, when the rule has no `value`, deletes) a dotted path such as
 * `data.attachments.0.size` inside a parsed body. Missing containers on
 * the way are created, so a rule can also add unknown fields.
 */
export function withWrongField(json: string, rule: FaultRule): string {
  const body: unknown = JSON.parse(json);
  const segments = (rule.field ?? '').split('.');
  const last = segments.pop();
  if (last === undefined) return json;
  let container: unknown = body;
  for (const segment of segments) {
    if (container === null || typeof container !== 'object') return json;
    const holder = container as Record<string, unknown>;
    if (holder[segment] === null || typeof holder[segment] !== 'object') {
      holder[segment] = {};
    }
    container = holder[segment];
  }
  if (container === null || typeof container !== 'object') return json;
  const holder = container as Record<string, unknown>;
  if (Object.hasOwn(rule, 'value')) holder[last] = rule.value;
  else if (Array.isArray(holder)) holder.splice(Number(last), 1);
  else delete holder[last];
  return JSON.stringify(body);
}

/** Writes an API response, bent by a truncate or wrong-field rule. */
export function writeApiResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: ApiResponse,
  rule: FaultRule | undefined,
): number {
  let json = response.json;
  if (rule?.kind === 'wrong-field') json = withWrongField(json, rule);
  if (rule?.kind === 'truncate') {
    const body = Buffer.from(json);
    return writeTruncated(
      req,
      res,
      response.status,
      { 'content-type': JSON_TYPE, 'content-length': body.length },
      body,
      rule.afterBytes ?? Math.floor(body.length / 2),
    );
  }
  return writeBody(res, response.status, JSON_TYPE, json);
}
