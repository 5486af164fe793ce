import type { ErrorCode } from '../../shared/offload/schemas.ts';

// The API's two envelopes (offload-api.md §2), kept as serialised JSON so
// that a hot path can splice a cached body in without re-encoding it.

export interface ApiResponse {
  status: number;
  json: string;
}

/** `{ ok: true, data }` around data that is already JSON text. */
export function successJson(status: number, dataJson: string): ApiResponse {
  return { status, json: `{"ok":true,"data":${dataJson}}` };
}

export function success(status: number, data: unknown): ApiResponse {
  return successJson(status, JSON.stringify(data));
}

/**
 * `{ ok: false, error }`. NOT_FOUND (unknown route) is the simulator's
 * own code: the docs define no answer for paths outside the four routes.
 */
export function failure(
  status: number,
  code: ErrorCode | 'NOT_FOUND',
  message: string,
): ApiResponse {
  return {
    status,
    json: JSON.stringify({ ok: false, error: { code, message } }),
  };
}
