import type {
  ConnectionState,
  EngineError,
  EngineState,
} from './sync-events.ts';

// The poll engine's answer to "can we talk to Offload?", kept as a few
// facts (key rejected, no key, offline, stopped) from which the one
// connection state follows, the first true fact winning. It also decides
// when the state is worth announcing, so that listeners hear of a change
// and not of every read.

/** Whether two errors say the same thing. */
export function sameError(
  a: Pick<EngineError, 'kind' | 'message'> | null | undefined,
  b: Pick<EngineError, 'kind' | 'message'> | null | undefined,
): boolean {
  return a?.kind === b?.kind && a?.message === b?.message;
}

/** The facts behind the engine's connection state. */
export class EngineStatus {
  keyRejected = false;
  noKey = false;
  offline = false;
  /** True until the loop starts or a request gets an answer. */
  stopped = true;
  lastError: EngineError | undefined;
  lastSyncAt: number | null = null;
  #announced: EngineState | undefined;

  connection(): ConnectionState {
    if (this.keyRejected) return 'key-rejected';
    if (this.noKey) return 'no-key';
    if (this.offline) return 'offline';
    return this.stopped ? 'stopped' : 'online';
  }

  state(): EngineState {
    return {
      connection: this.connection(),
      lastSyncAt: this.lastSyncAt,
      ...(this.lastError ? { lastError: { ...this.lastError } } : {}),
    };
  }

  /** Whether the last announced state still said 'stopped'. */
  announcedStopped(): boolean {
    return this.#announced?.connection === 'stopped';
  }

  /**
   * The state to announce when the connection or its error changed, or,
   * with `withSyncTime`, when the last sync time moved; else null.
   */
  toAnnounce(withSyncTime: boolean): EngineState | null {
    const state = this.state();
    const last = this.#announced;
    const changed =
      !last ||
      last.connection !== state.connection ||
      !sameError(last.lastError, state.lastError) ||
      (withSyncTime && last.lastSyncAt !== state.lastSyncAt);
    if (!changed) return null;
    this.#announced = state;
    return state;
  }
}
