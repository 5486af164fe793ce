import type {
  AccessFlag,
  AnswerOutcome,
  WatchSource,
} from './case-store-types.ts';

// What the case store accepts. Values reach the store from the API, from the
// window over IPC and from files a person imports, so each write checks its
// arguments and refuses, with a StoreInputError naming the field, anything
// that cannot be right. The limits are generous for real use and small
// enough that a runaway caller cannot fill the disk through one field.

/** Offload ids are opaque strings (UUIDs in practice). */
export const CASE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
/** A label is a short name a person gives a case in the list. */
export const MAX_LABEL_LENGTH = 200;
/** A clientReferenceId typed or imported by a person. */
export const MAX_REFERENCE_LENGTH = 256;
/** Input request ids, event ids, event types, error kinds. */
export const MAX_KEY_LENGTH = 500;
/** A draft or a sent answer (the API documents no limit; this is a book). */
export const MAX_ANSWER_LENGTH = 100_000;
/** A transcript (a very long thread is a few hundred KB). */
export const MAX_TRANSCRIPT_LENGTH = 16_000_000;
/** Sync error messages are cut to this length rather than refused. */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;
/** Event details, serialised. */
export const MAX_DETAILS_LENGTH = 100_000;
/** A local file path. */
export const MAX_PATH_LENGTH = 4_096;

export const WATCH_SOURCES: readonly WatchSource[] = [
  'single',
  'paste',
  'file',
  'cli',
  'deep-link',
];
export const ACCESS_FLAGS: readonly AccessFlag[] = ['not-found', 'forbidden'];
export const ANSWER_OUTCOMES: readonly AnswerOutcome[] = [
  'sending',
  'accepted',
  'not-sent',
  'rejected',
];

/** A store argument that cannot be right; the message names the field. */
export class StoreInputError extends Error {
  override readonly name = 'StoreInputError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.field = field;
  }
}

/** True for a string that has the form of an Offload case id. */
export function isCaseId(value: unknown): value is string {
  return typeof value === 'string' && CASE_ID_PATTERN.test(value);
}

export function checkCaseId(value: unknown, field = 'caseId'): string {
  if (!isCaseId(value)) {
    throw new StoreInputError(
      field,
      'must be 1-200 characters of letters, digits, ".", "_", ":" or "-"',
    );
  }
  return value;
}

/** Epoch milliseconds: a safe, non-negative integer. */
export function checkTime(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new StoreInputError(
      field,
      'must be a non-negative integer (epoch ms)',
    );
  }
  return value as number;
}

export function checkCount(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new StoreInputError(field, 'must be a non-negative integer');
  }
  return value as number;
}

/** A non-empty string of at most `max` characters, taken as given. */
export function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StoreInputError(field, 'must be a non-empty string');
  }
  if (value.length > max) {
    throw new StoreInputError(field, `must be at most ${max} characters`);
  }
  return value;
}

/** A string that may be empty, of at most `max` characters. */
export function checkOptionalText(
  value: unknown,
  field: string,
  max: number,
): string {
  if (typeof value !== 'string') {
    throw new StoreInputError(field, 'must be a string');
  }
  if (value.length > max) {
    throw new StoreInputError(field, `must be at most ${max} characters`);
  }
  return value;
}

export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  if (!allowed.includes(value as T)) {
    throw new StoreInputError(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * A person-supplied name (label or reference) as stored: runs of spaces,
 * tabs, newlines and other control characters become one space and the
 * ends are trimmed; nothing left means "none". Longer than `max` after
 * that is refused rather than cut, so nobody loses the end silently.
 */
export function normalizeName(
  value: unknown,
  field: string,
  max: number,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new StoreInputError(field, 'must be a string');
  }
  const cleaned = value.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  if (cleaned.length === 0) return undefined;
  if (cleaned.length > max) {
    throw new StoreInputError(field, `must be at most ${max} characters`);
  }
  return cleaned;
}
