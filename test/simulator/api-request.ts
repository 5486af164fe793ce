import { expect } from 'vitest';
import { responseProblems } from '../support/openapi.ts';
import type { RunningSimulator } from './simulator.ts';

// Test support: calls a public route of a running simulator and checks
// that the answer is JSON and conforms to the OpenAPI file, so every test
// that talks to the API also checks the spec.

export type Template =
  | '/cases'
  | '/cases/{id}'
  | '/cases/{id}/attachments/{attachmentId}'
  | '/cases/{id}/input';

export interface ApiCall {
  method: 'GET' | 'POST';
  template: Template;
  id?: string;
  attachmentId?: string;
  /** Raw query string, without the `?`. */
  query?: string;
  /** The x-api-key header; the demo key by default, null for none. */
  key?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, instead of `body`. */
  rawBody?: string;
  /** A literal path, for paths a template cannot produce (`/cases/`). */
  path?: string;
}

export type Envelope<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string } };

export interface ApiResult<T> {
  status: number;
  headers: Headers;
  body: Envelope<T>;
}

function pathOf(call: ApiCall): string {
  if (call.path !== undefined) return call.path;
  return call.template
    .replace('{id}', encodeURIComponent(call.id ?? ''))
    .replace('{attachmentId}', encodeURIComponent(call.attachmentId ?? ''));
}

export async function callApi<T = Record<string, unknown>>(
  sim: RunningSimulator,
  call: ApiCall,
): Promise<ApiResult<T>> {
  const key = call.key === undefined ? sim.apiKey : call.key;
  const headers: Record<string, string> = {};
  if (key !== null) headers['x-api-key'] = key;
  let body: string | undefined = call.rawBody;
  if (body === undefined && call.body !== undefined) {
    body = JSON.stringify(call.body);
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const query = call.query === undefined ? '' : `?${call.query}`;
  const response = await fetch(`${sim.url}${pathOf(call)}${query}`, {
    method: call.method,
    headers,
    ...(body !== undefined && { body }),
  });
  expect(response.headers.get('content-type')).toBe('application/json');
  const parsed = (await response.json()) as Envelope<T>;
  expect(
    responseProblems(call.method, call.template, response.status, parsed),
  ).toEqual([]);
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The data of a success answer, after checking its status. */
export function dataOf<T>(result: ApiResult<T>, status = 200): T {
  expect(result.status).toBe(status);
  if (!result.body.ok) {
    throw new Error(`expected success, got ${JSON.stringify(result.body)}`);
  }
  return result.body.data;
}

/** Status, error code and message of an answer, for one toMatchObject. */
export function outcomeOf(result: ApiResult<unknown>) {
  return {
    status: result.status,
    code: result.body.ok ? undefined : result.body.error.code,
    message: result.body.ok ? undefined : result.body.error.message,
  };
}
