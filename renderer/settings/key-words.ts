import type { KeyStatus, SetKeyResult } from '../../shared/key-status.ts';
import { localTime } from '../format/local-time.ts';
import { relativeTime } from '../format/relative-time.ts';

// What a key's status and the outcome of setting one mean, in words. The
// key itself never reaches the window; only these facts about it do.

/** Where the key in use comes from, as a phrase. */
export function keySourceWords(status: KeyStatus): string {
  switch (status.source) {
    case 'keychain':
      return 'Stored in the system keychain';
    case 'session':
      return 'Kept for this session only; it is asked again after a restart';
    case 'environment':
      return 'Set by the environment the console was started from';
    case 'none':
      return 'No key set';
  }
}

/** "Offload accepted it 3 min ago (…)" or why it was never checked. */
export function keyVerifiedWords(status: KeyStatus, now: number): string {
  if (!status.configured) return '';
  if (status.verifiedAt === null) {
    return 'Not verified yet: it is checked on the next sync';
  }
  return (
    `Offload accepted it ${relativeTime(status.verifiedAt, now)} ` +
    `(${localTime(status.verifiedAt)})`
  );
}

/** How a SetKeyResult reads: a headline, details, and what it allows. */
export interface KeyResultWords {
  tone: 'success' | 'warning' | 'danger';
  headline: string;
  detail: string;
  /** The retry the person may choose, if the outcome offers one. */
  offer: 'accept-unverified' | 'session-only' | null;
}

/** Words for the outcome of keys.set. */
export function setKeyResultWords(result: SetKeyResult): KeyResultWords {
  switch (result.outcome) {
    case 'saved': {
      const where =
        result.storage === 'keychain'
          ? 'saved in the system keychain'
          : 'kept for this session only';
      return result.verifiedAt === null
        ? {
            tone: 'warning',
            headline: `Key ${where}, not verified.`,
            detail: 'Offload checks it on the next sync.',
            offer: null,
          }
        : {
            tone: 'success',
            headline: `Offload accepted the key; it is ${where}.`,
            detail: '',
            offer: null,
          };
    }
    case 'rejected':
      return {
        tone: 'danger',
        headline:
          result.reason === 'inactive-key'
            ? 'Offload knows this key, but it is not active.'
            : 'Offload does not recognise this key.',
        detail: result.message,
        offer: null,
      };
    case 'unverified':
      return {
        tone: 'warning',
        headline: 'Offload could not be reached to check the key.',
        detail: result.message,
        offer: 'accept-unverified',
      };
    case 'keychain-unavailable':
      return {
        tone: 'warning',
        headline: 'The system keychain is not available.',
        detail: result.message,
        offer: 'session-only',
      };
  }
}
