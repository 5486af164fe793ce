import type { IpcError, IpcResult, OffloadApi } from '../../shared/ipc.ts';

// The window's only way out: the API the preload exposes (in tests, the
// harness's stand-in of the same shape). Screens call `unwrap` to turn a
// failed result into a thrown OffloadCallError with the main process's
// kind and message, which are already in words a person can read.

declare global {
  interface Window {
    offload: OffloadApi;
  }
}

/** A call the main process answered with an error. */
export class OffloadCallError extends Error {
  readonly kind: string;
  /** The setting a refused settings change names, when it names one. */
  readonly field: string | undefined;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'OffloadCallError';
    this.kind = error.kind;
    this.field = error.field;
  }
}

/** The value of a result, or its error thrown as an OffloadCallError. */
export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new OffloadCallError(result.error);
  return result.value;
}

/** The API, looked up when called so tests can install theirs first. */
export function offload(): OffloadApi {
  return window.offload;
}
