import { OffloadError } from '../offload-error.ts';

// What the poll engine does about a failed read. The rows follow the
// error tables of offload-api.md §1 and §3.2: a 401 means the key is
// unknown, a 403 means the key is inactive OR the case belongs to another
// account (only a key check tells the two apart), a 404 means the case
// does not exist for this key, and a 429 is the gateway's, shared by
// every route.

export type FaultAction =
  /** Our own cancellation: not a failure. */
  | 'aborted'
  /** 429: pause the shared budget; the case tries again later. */
  | 'throttle'
  /** 401: stop all polling until a new key. */
  | 'reject-key'
  /** 403: verify the key to learn whether it or the case is the problem. */
  | 'check-key'
  /** 404: flag the case, keep it. */
  | 'flag-not-found'
  /** Network or timeout: go offline and probe. */
  | 'go-offline'
  /** 5xx, bad response, anything else: back off this case. */
  | 'retry-case';

/** The action for any error thrown while reading a case. */
export function faultAction(error: unknown): FaultAction {
  if (!(error instanceof OffloadError)) {
    return isAbort(error) ? 'aborted' : 'retry-case';
  }
  switch (error.kind) {
    case 'aborted':
      return 'aborted';
    case 'throttled':
    case 'usage-limit-reached':
      return 'throttle';
    case 'unauthorized':
      return 'reject-key';
    case 'forbidden':
      return 'check-key';
    case 'case-not-found':
      return 'flag-not-found';
    case 'network':
    case 'timeout':
      return 'go-offline';
    default:
      return 'retry-case';
  }
}

/** An AbortSignal's own rejection (from the budget or a sleep). */
export function isAbort(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

/** `{ kind, message }` for any error, safe to store and show. */
export function describeError(error: unknown): {
  kind: string;
  message: string;
} {
  if (error instanceof OffloadError) {
    return { kind: error.kind, message: error.message };
  }
  return {
    kind: 'internal',
    message:
      error instanceof Error
        ? `Internal error: ${error.message}`
        : 'Internal error.',
  };
}
