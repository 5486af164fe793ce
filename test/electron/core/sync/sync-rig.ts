import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseView } from '../../../../shared/offload/schemas.ts';
import {
  OffloadClient,
  type CallOptions,
  type GetCaseOptions,
  type KeyCheck,
} from '../../../../electron/core/offload-client.ts';
import { openCaseStore } from '../../../../electron/core/store/case-store.ts';
import type { CaseStore } from '../../../../electron/core/store/case-store-types.ts';
import {
  PollEngine,
  type PollEngineSettings,
} from '../../../../electron/core/sync/poll-engine.ts';
import { RequestBudget } from '../../../../electron/core/sync/request-budget.ts';
import type { SyncEvent } from '../../../../electron/core/sync/sync-events.ts';
import type { RunningSimulator } from '../../../simulator/simulator.ts';

// Shared parts for the sync and answer tests: a virtual clock, a real
// SQLite store in a temp folder, a real OffloadClient against the
// simulator wrapped to observe what is in flight, and an engine on them.

/**
 * A clock that moves only when told (advance) or when every caller is
 * asleep: sleep() queues a timer, and the earliest timer fires once the
 * event loop has nothing else ready. Budgets and the engine share it.
 */
export class VirtualClock {
  #now: number;
  #timers: {
    at: number;
    seq: number;
    resolve: () => void;
  }[] = [];
  #seq = 0;
  #draining = false;

  constructor(start = 1_800_000_000_000) {
    this.#now = start;
  }

  now = (): number => this.#now;

  advance(ms: number): void {
    this.#now += ms;
  }

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = {
        at: this.#now + ms,
        seq: (this.#seq += 1),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((other) => other !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
      this.#drain();
    });

  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const step = () => {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) {
        this.#draining = false;
        return;
      }
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      setImmediate(step);
    };
    setImmediate(step);
  }
}

/** A temp folder holding one store file, reopenable like after a restart. */
export class TempStore {
  readonly dir = mkdtempSync(join(tmpdir(), 'offload-sync-'));
  readonly path = join(this.dir, 'cases.sqlite');
  store: CaseStore = openCaseStore(this.path).store;

  reopen(): CaseStore {
    this.store.close();
    this.store = openCaseStore(this.path).store;
    return this.store;
  }

  dispose(): void {
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface RequestNote {
  caseId: string;
  kind: 'read' | 'transcript' | 'verify' | 'input';
  at: number;
  outcome?: 'ok' | string;
}

/**
 * A real OffloadClient, wrapped to count what is in flight (in all, per
 * case, transcripts) and note when each call started on the virtual clock.
 */
export class WatchedClient {
  readonly inner: OffloadClient;
  readonly #now: () => number;
  readonly notes: RequestNote[] = [];
  inFlight = 0;
  maxInFlight = 0;
  transcriptsInFlight = 0;
  maxTranscriptsInFlight = 0;
  maxPerCase = 0;
  readonly #perCase = new Map<string, number>();

  constructor(inner: OffloadClient, now: () => number) {
    this.inner = inner;
    this.#now = now;
  }

  resetCounters(): void {
    this.notes.length = 0;
    this.maxInFlight = this.inFlight;
    this.maxTranscriptsInFlight = this.transcriptsInFlight;
    this.maxPerCase = 0;
  }

  async #observe<T>(
    caseId: string,
    kind: RequestNote['kind'],
    call: () => Promise<T>,
  ): Promise<T> {
    const note: RequestNote = { caseId, kind, at: this.#now() };
    this.notes.push(note);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (kind === 'transcript') {
      this.transcriptsInFlight += 1;
      this.maxTranscriptsInFlight = Math.max(
        this.maxTranscriptsInFlight,
        this.transcriptsInFlight,
      );
    }
    const perCase = (this.#perCase.get(caseId) ?? 0) + 1;
    this.#perCase.set(caseId, perCase);
    this.maxPerCase = Math.max(this.maxPerCase, perCase);
    try {
      const result = await call();
      note.outcome = 'ok';
      return result;
    } catch (error) {
      note.outcome = (error as { kind?: string }).kind ?? 'error';
      throw error;
    } finally {
      this.inFlight -= 1;
      if (kind === 'transcript') this.transcriptsInFlight -= 1;
      this.#perCase.set(caseId, (this.#perCase.get(caseId) ?? 1) - 1);
    }
  }

  getCase(caseId: string, options: GetCaseOptions = {}): Promise<CaseView> {
    const kind = options.includeTranscript ? 'transcript' : 'read';
    return this.#observe(caseId, kind, () =>
      this.inner.getCase(caseId, options),
    );
  }

  verifyKey(options: CallOptions = {}): Promise<KeyCheck> {
    return this.#observe('(key)', 'verify', () =>
      this.inner.verifyKey(options),
    );
  }

  provideInput(
    caseId: string,
    body: { inputRequestId: string; providedContext: string },
    options: CallOptions = {},
  ) {
    return this.#observe(caseId, 'input', () =>
      this.inner.provideInput(caseId, body, options),
    );
  }

  /** Notes of one kind, optionally for one case. */
  count(kind: RequestNote['kind'], caseId?: string): number {
    return this.notes.filter(
      (note) =>
        note.kind === kind && (caseId === undefined || note.caseId === caseId),
    ).length;
  }
}

/** An OffloadClient for the simulator that never retries on its own. */
export function simClient(
  sim: RunningSimulator,
  apiKey = sim.apiKey,
  baseUrl = sim.url,
): OffloadClient {
  return new OffloadClient({
    baseUrl,
    apiKey,
    timeoutMs: 5_000,
    backoff: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
}

export interface RigOptions {
  settings?: Partial<PollEngineSettings>;
  /** Defaults to a watched client for the simulator's active key. */
  client?: WatchedClient | null;
}

/** Everything an engine test needs, on one store file. */
export class SyncRig {
  readonly sim: RunningSimulator;
  readonly clock = new VirtualClock();
  readonly files = new TempStore();
  readonly budget = new RequestBudget({
    perSecond: 1_000,
    burst: 50,
    now: this.clock.now,
    sleep: this.clock.sleep,
  });
  client: WatchedClient | null;
  engine: PollEngine;
  readonly events: SyncEvent[] = [];
  readonly #settings: PollEngineSettings;

  constructor(sim: RunningSimulator, options: RigOptions = {}) {
    this.sim = sim;
    this.client =
      options.client === undefined
        ? new WatchedClient(simClient(sim), this.clock.now)
        : options.client;
    this.#settings = {
      pollIntervalSeconds: 60,
      concurrency: 4,
      ...options.settings,
    };
    this.engine = this.#makeEngine();
  }

  get store(): CaseStore {
    return this.files.store;
  }

  #makeEngine(): PollEngine {
    const engine = new PollEngine({
      store: this.files.store,
      getClient: async () => this.client,
      budget: this.budget,
      settings: this.#settings,
      now: this.clock.now,
      // 0.5 makes every ±10 % jitter exactly 1.0: delays are exact.
      random: () => 0.5,
    });
    engine.on((event) => this.events.push(event));
    return engine;
  }

  /** Closes the store and starts a new engine on the same file. */
  async restart(): Promise<void> {
    await this.engine.stop();
    this.files.reopen();
    this.events.length = 0;
    this.engine = this.#makeEngine();
  }

  watch(...caseIds: string[]): void {
    this.store.watch(
      caseIds.map((caseId) => ({ caseId })),
      'cli',
      this.clock.now(),
    );
  }

  /** Events of one type, optionally for one case. */
  eventsOf<T extends SyncEvent['type']>(
    type: T,
    caseId?: string,
  ): Extract<SyncEvent, { type: T }>[] {
    return this.events.filter(
      (event): event is Extract<SyncEvent, { type: T }> =>
        event.type === type &&
        (caseId === undefined ||
          ('caseId' in event && event.caseId === caseId)),
    );
  }

  /** The case as the simulator serves it now (no transcript). */
  async truth(caseId: string): Promise<CaseView> {
    return simClient(this.sim).getCase(caseId);
  }

  async dispose(): Promise<void> {
    await this.engine.stop();
    this.files.dispose();
  }
}
