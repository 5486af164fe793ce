// The one error type the Offload client throws. Every outcome in the API's
// error tables (offload-api.md §3, §7) and every transport fault has its own
// `kind`, so callers branch on a closed set instead of on status numbers or
// message text. Messages say what happened and what to do; they never hold
// the API key or a response body.

export const OFFLOAD_ERROR_KINDS = [
  'invalid-request',
  'unauthorized',
  'forbidden',
  'case-not-found',
  'attachment-not-found',
  'case-not-waiting-for-input',
  'input-request-not-pending',
  'input-request-mismatch',
  'usage-limit-reached',
  'throttled',
  'server-error',
  'network',
  'timeout',
  'aborted',
  'bad-response',
] as const;
export type OffloadErrorKind = (typeof OFFLOAD_ERROR_KINDS)[number];

const DEFAULT_MESSAGES: Record<OffloadErrorKind, string> = {
  'invalid-request':
    'Offload rejected the request as invalid. Check the values sent.',
  unauthorized:
    'Offload did not recognise the API key. Enter a valid key in Settings.',
  forbidden:
    'Offload refused access: the API key is inactive, or the case belongs ' +
    'to another account.',
  'case-not-found': 'Offload has no case with this id.',
  'attachment-not-found': 'The case has no attachment with this id.',
  'case-not-waiting-for-input':
    'The case is no longer waiting for input; refresh it to see its state.',
  'input-request-not-pending': 'This question has already been answered.',
  'input-request-mismatch':
    'The case is now asking a different question; refresh it and answer ' +
    'the new one.',
  'usage-limit-reached':
    "The account's monthly case limit is reached until next month or a " +
    'plan change.',
  throttled: 'Offload is limiting requests. The console will try again.',
  'server-error': 'Offload had an internal error. Try again shortly.',
  network: 'Offload could not be reached. Check the network connection.',
  timeout: 'Offload did not answer in time.',
  aborted: 'The request was cancelled.',
  'bad-response': 'Offload sent a response the console does not understand.',
};

/** The Offload API error codes and the kind each one maps to. */
const KIND_BY_CODE: Record<string, OffloadErrorKind> = {
  INVALID_REQUEST: 'invalid-request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  CASE_NOT_FOUND: 'case-not-found',
  ATTACHMENT_NOT_FOUND: 'attachment-not-found',
  CASE_NOT_WAITING_FOR_INPUT: 'case-not-waiting-for-input',
  INPUT_REQUEST_NOT_PENDING: 'input-request-not-pending',
  INPUT_REQUEST_MISMATCH: 'input-request-mismatch',
  USAGE_LIMIT_REACHED: 'usage-limit-reached',
  INTERNAL_ERROR: 'server-error',
};

/** The kind for an error `code` the docs name, if it is one of them. */
export function kindForCode(code: string): OffloadErrorKind | undefined {
  return Object.hasOwn(KIND_BY_CODE, code) ? KIND_BY_CODE[code] : undefined;
}

/**
 * The kind for a status whose body carried no known code: gateway 429s and
 * platform 5xx come without the envelope. Anything else is unexpected.
 */
export function kindForBareStatus(status: number): OffloadErrorKind {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server-error';
  if (status === 401) return 'unauthorized';
  return 'bad-response';
}

/** Kinds worth trying again for a request that is safe to repeat. */
export function isTransientKind(kind: OffloadErrorKind): boolean {
  return (
    kind === 'throttled' ||
    kind === 'server-error' ||
    kind === 'network' ||
    kind === 'timeout'
  );
}

export interface OffloadErrorDetails {
  /** `METHOD /route/{template}` of the failed call. */
  operation: string;
  status?: number;
  /** `error.code` from the envelope, when there was one. */
  code?: string;
  /** `error.message` from the envelope: free text for people. */
  serverMessage?: string;
  /** For bad responses: the dotted path of the field that is wrong. */
  field?: string;
  /** How many times the request was sent. */
  attempts?: number;
  /**
   * True when a non-repeatable request may have reached Offload before it
   * failed: the caller must re-read the case to learn what happened.
   */
  outcomeUnknown?: boolean;
  message?: string;
  cause?: unknown;
}

/** A failed Offload API call, classified by `kind`. */
export class OffloadError extends Error {
  override readonly name = 'OffloadError';
  readonly kind: OffloadErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly serverMessage: string | undefined;
  readonly field: string | undefined;
  readonly attempts: number;
  readonly outcomeUnknown: boolean;

  constructor(kind: OffloadErrorKind, details: OffloadErrorDetails) {
    super(details.message ?? DEFAULT_MESSAGES[kind], {
      cause: details.cause,
    });
    this.kind = kind;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.field = details.field;
    this.attempts = details.attempts ?? 1;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  /** Whether repeating the same request could succeed. */
  get transient(): boolean {
    return isTransientKind(this.kind);
  }

  /** A copy that records how many attempts were made in all. */
  withAttempts(attempts: number): OffloadError {
    return new OffloadError(this.kind, { ...this.details(), attempts });
  }

  /** A copy marked as possibly applied by the server. */
  withOutcomeUnknown(): OffloadError {
    return new OffloadError(this.kind, {
      ...this.details(),
      outcomeUnknown: true,
    });
  }

  private details(): OffloadErrorDetails {
    return {
      operation: this.operation,
      status: this.status,
      code: this.code,
      serverMessage: this.serverMessage,
      field: this.field,
      attempts: this.attempts,
      outcomeUnknown: this.outcomeUnknown,
      message: this.message,
      cause: this.cause,
    };
  }
}
