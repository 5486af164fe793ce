import type { IpcError } from '../../shared/ipc.ts';
import { ApiKeyFormatError } from '../core/credentials/api-key-format.ts';
import { KeychainUnavailableError } from '../core/credentials/keychain-unavailable-error.ts';
import { DownloadError } from '../core/downloads/download-error.ts';
import { DownloadRequestError } from '../core/downloads/download-job.ts';
import type { Logger } from '../core/logger.ts';
import { OffloadError } from '../core/offload-error.ts';
import { SettingsValidationError } from '../core/settings/settings-validation-error.ts';
import { StoreInputError } from '../core/store/store-limits.ts';
import { AppError } from './app-error.ts';

// How a thrown error crosses to the window: `{ kind, message }` and
// nothing else (no stack, no cause, no fields). The core's own error types
// carry kinds and messages written for people, which pass through; any
// other error is a bug, so the window learns only that something went
// wrong and the log gets the details.

const MAX_MESSAGE_LENGTH = 2_000;

export const INTERNAL_ERROR_MESSAGE =
  'The console hit an unexpected problem; the details are in its log.';

/** The kind of an error the window may see as it is, or null. */
function knownKind(error: unknown): string | null {
  if (error instanceof AppError) return error.kind;
  if (error instanceof OffloadError) return error.kind;
  if (error instanceof DownloadError) return error.kind;
  if (error instanceof DownloadRequestError) return error.problem;
  if (error instanceof SettingsValidationError) return 'invalid-settings';
  if (error instanceof KeychainUnavailableError) return 'keychain-unavailable';
  if (error instanceof ApiKeyFormatError) return 'invalid-key-format';
  if (error instanceof StoreInputError) return 'invalid-input';
  return null;
}

/**
 * The error as the window may see it. Messages go through the log's
 * redactor too: no known type puts a key in a message, and this makes
 * sure of it.
 */
export function toIpcError(
  error: unknown,
  log: Logger,
  method: string,
): IpcError {
  const kind = knownKind(error);
  if (kind !== null && error instanceof Error) {
    const message = log.redactor.redact(error.message);
    return {
      kind,
      message:
        message.length > MAX_MESSAGE_LENGTH
          ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
          : message,
      // The window puts a settings message beside the field it names.
      ...(error instanceof SettingsValidationError && error.field
        ? { field: error.field }
        : {}),
    };
  }
  log.error('a handler failed unexpectedly', {
    method,
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return { kind: 'internal', message: INTERNAL_ERROR_MESSAGE };
}
