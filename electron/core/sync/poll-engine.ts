import type { CaseView } from '../../../shared/offload/schemas.ts';
import {
  inputState,
  isTerminalStatus,
} from '../../../shared/offload/case-rules.ts';
import { silentLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import type { OffloadClient } from '../offload-client.ts';
import type { OffloadError } from '../offload-error.ts';
import type {
  AccessFlag,
  CaseStore,
  TranscriptRecord,
} from '../store/case-store-types.ts';
import { CaseLocks } from './case-locks.ts';
import { caseChanges } from './case-changes.ts';
import {
  freshSchedule,
  reschedule,
  restoreSchedule,
  type CaseSchedule,
} from './case-schedule.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { EngineStatus, sameError } from './engine-status.ts';
import { describeError, faultAction } from './fault-policy.ts';
import {
  ANSWER_PROCESSING_DELAY_MS,
  CASE_ERROR_BACKOFF,
  OFFLINE_PROBE_BACKOFF,
  THROTTLE_BACKOFF,
  pollIntervalMs,
  retryDelay,
  withJitter,
} from './poll-cadence.ts';
import type { RequestBudget } from './request-budget.ts';
import type {
  EngineError,
  EngineState,
  SyncEvent,
  SyncListener,
  SyncSummary,
} from './sync-events.ts';
import { needsTranscript } from './transcript-policy.ts';

// The poll engine keeps the store in step with Offload. Polling is the
// source of truth (no list endpoint, webhooks cannot reach a desktop), so
// it reads every watched case on the cadence of poll-cadence.ts, fetches
// transcripts in a slower lane of their own, and turns what it sees into
// events, each announced once (case-changes.ts).
//
// Guarantees: one request in flight per case (CaseLocks); at most
// `concurrency` reads in flight in all, of which at most
// `transcriptConcurrency` transcript fetches; every request takes a token
// from the shared RequestBudget first. The loop itself is a thin timer
// around pollDue(), which tests drive with an injected clock.

/** The part of OffloadClient the engine uses. */
export type PollClient = Pick<OffloadClient, 'getCase' | 'verifyKey'>;

export interface PollEngineSettings {
  pollIntervalSeconds: number;
  /** Reads in flight at once, transcripts included. */
  concurrency: number;
  /** Transcript fetches in flight at once; default 1. */
  transcriptConcurrency?: number;
}

export interface PollEngineOptions {
  store: CaseStore;
  /**
   * The client for the configured key, null when there is none. Called
   * before each pass, so it should be cheap (cache the client per key).
   */
  getClient: () => Promise<PollClient | null>;
  budget: RequestBudget;
  settings: PollEngineSettings;
  now?: () => number;
  random?: () => number;
  logger?: Logger;
  /** How often the loop started by start() looks for due cases. */
  tickMs?: number;
}

/** What refreshTranscript() got. */
export type TranscriptRefresh =
  | { ok: true; transcript: TranscriptRecord }
  | { ok: false; error: EngineError };

type ReadOutcome = 'fetched' | 'changed' | 'failed' | 'throttled' | 'skipped';
type TranscriptOutcome = 'fetched' | 'failed' | 'skipped';

interface PassOptions {
  /** refresh(): a terminal case's transcript is fetched again. */
  refresh: boolean;
  onProgress?: ((done: number, total: number) => void) | undefined;
  signal: AbortSignal;
}

/** A pass gives a throttled case this many more tries. */
const THROTTLE_REQUEUES = 3;
/** A key found valid after a 403 is trusted this long. */
const KEY_CHECK_TTL_MS = 60_000;
const DEFAULT_TICK_MS = 1_000;

function withoutThread(view: CaseView): CaseView {
  const copy = { ...view };
  delete copy.conversationThread;
  return copy;
}

function emptySummary(cases: number): SyncSummary {
  return {
    cases,
    fetched: 0,
    changed: 0,
    failed: 0,
    skipped: 0,
    transcriptsFetched: 0,
    transcriptsFailed: 0,
    requests: 0,
    stoppedBy: null,
  };
}

/** Keeps watched cases in step with Offload; see the file comment. */
export class PollEngine {
  readonly #store: CaseStore;
  readonly #getClient: () => Promise<PollClient | null>;
  readonly #budget: RequestBudget;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #tickMs: number;
  #settings: PollEngineSettings;
  readonly #reads: ConcurrencyLimit;
  readonly #transcripts: ConcurrencyLimit;
  readonly #locks = new CaseLocks();
  readonly #listeners = new Set<SyncListener>();
  readonly #schedules = new Map<string, CaseSchedule>();
  readonly #inFlight = new Set<Promise<unknown>>();

  #stopController = new AbortController();
  #running = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ticking = false;

  readonly #status = new EngineStatus();

  #requests = 0;
  #throttles = 0;
  #probeFailures = 0;
  #nextProbeAt = 0;
  #keyCheck: Promise<'valid' | 'rejected' | 'unreachable'> | null = null;
  #keyValidUntil = Number.NEGATIVE_INFINITY;

  constructor(options: PollEngineOptions) {
    this.#store = options.store;
    this.#getClient = options.getClient;
    this.#budget = options.budget;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#log = (options.logger ?? silentLogger).child('poller');
    this.#tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    pollIntervalMs(options.settings);
    this.#settings = { ...options.settings };
    this.#reads = new ConcurrencyLimit(options.settings.concurrency);
    this.#transcripts = new ConcurrencyLimit(
      options.settings.transcriptConcurrency ?? 1,
    );
  }

  // ------------------------------------------------------------ public API

  /** Starts the real-time loop (a timer around pollDue). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#status.stopped = false;
    this.#scheduleTick(0);
    this.#publishState();
  }

  /** Stops the loop, aborts requests in flight and waits for them. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stopController.abort();
    while (this.#inFlight.size > 0) {
      await Promise.allSettled(this.#inFlight);
    }
    this.#stopController = new AbortController();
    this.#status.stopped = true;
    this.#publishState();
  }

  /** One pass over every watched case (the CLI `sync`, tests). */
  syncOnce(
    options: {
      onProgress?: (done: number, total: number) => void;
      signal?: AbortSignal;
    } = {},
  ): Promise<SyncSummary> {
    const signal = this.#signal(options.signal);
    return this.#track(
      (async () => {
        const ids = this.#store.watched().map((entry) => entry.caseId);
        return this.#pass(ids, {
          refresh: false,
          onProgress: options.onProgress,
          signal,
        });
      })(),
    );
  }

  /** Reads every case whose time has come, then their transcripts. */
  pollDue(): Promise<void> {
    return this.#track(this.#pollDue());
  }

  /**
   * Reads one case, or all, now, whatever the cadence (still within the
   * budget and one request per case); a terminal case's transcript is
   * fetched again too.
   */
  refresh(caseId?: string): Promise<SyncSummary> {
    const signal = this.#signal();
    return this.#track(
      (async () => {
        let ids: string[] = [];
        if (caseId === undefined) {
          ids = this.#store.watched().map((entry) => entry.caseId);
        } else if (this.#store.watchedCase(caseId)) {
          ids = [caseId];
        }
        return this.#pass(ids, { refresh: true, signal });
      })(),
    );
  }

  /** Fetches a case's transcript now (someone opened it). */
  refreshTranscript(caseId: string): Promise<TranscriptRefresh> {
    return this.#track(this.#refreshTranscript(caseId));
  }

  /** An answer went out: poll the case fast for a while. */
  noteAnswerSubmitted(caseId: string): void {
    const schedule = this.#schedule(caseId);
    const now = this.#now();
    schedule.answerAt = now;
    schedule.nextPollAt =
      now + withJitter(ANSWER_PROCESSING_DELAY_MS, this.#random);
  }

  /** Clears the key-rejected / no-key stop, after a new key was saved. */
  resume(): void {
    this.#status.keyRejected = false;
    this.#status.noKey = false;
    this.#keyValidUntil = Number.NEGATIVE_INFINITY;
    const now = this.#now();
    for (const schedule of this.#schedules.values()) {
      if (schedule.nextPollAt !== null) schedule.nextPollAt = now;
    }
    this.#status.lastError = this.#status.offline
      ? this.#status.lastError
      : undefined;
    this.#publishState();
  }

  /** Applies new settings; the interval counts from each case's next read. */
  setSettings(settings: Partial<PollEngineSettings>): void {
    const next = { ...this.#settings, ...settings };
    pollIntervalMs(next);
    this.#reads.setLimit(next.concurrency);
    this.#transcripts.setLimit(next.transcriptConcurrency ?? 1);
    this.#settings = next;
  }

  state(): EngineState {
    return this.#status.state();
  }

  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: SyncListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  // ------------------------------------------------------------- the loop

  #scheduleTick(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => this.#tick(), delayMs);
  }

  #tick(): void {
    this.#timer = undefined;
    if (!this.#running || this.#ticking) return;
    this.#ticking = true;
    this.pollDue()
      .catch((error: unknown) => {
        this.#log.error('Polling failed', { error: describeError(error) });
      })
      .finally(() => {
        this.#ticking = false;
        this.#scheduleTick(this.#tickMs);
      });
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    const forget = () => this.#inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  #signal(extra?: AbortSignal): AbortSignal {
    return extra
      ? AbortSignal.any([this.#stopController.signal, extra])
      : this.#stopController.signal;
  }

  async #pollDue(): Promise<void> {
    const signal = this.#signal();
    if (this.#status.keyRejected || signal.aborted) return;
    const client = await this.#client();
    if (!client) return;
    if (this.#status.offline) {
      if (this.#now() < this.#nextProbeAt) return;
      if (!(await this.#probe(client, signal))) return;
    }

    this.#loadSchedules();
    const now = this.#now();
    const reads: { caseId: string; at: number }[] = [];
    const transcripts: string[] = [];
    for (const [caseId, schedule] of this.#schedules) {
      if (schedule.flag !== null || this.#locks.busy(caseId)) continue;
      if (schedule.nextPollAt !== null && schedule.nextPollAt <= now) {
        reads.push({ caseId, at: schedule.nextPollAt });
      } else if (
        schedule.transcriptDueAt !== null &&
        schedule.transcriptDueAt <= now
      ) {
        transcripts.push(caseId);
      }
    }
    reads.sort((a, b) => a.at - b.at);
    await this.#runPass(
      client,
      reads.map((read) => read.caseId),
      transcripts,
      { refresh: false, signal },
    );
    this.#publishState(true);
  }

  // ---------------------------------------------------------------- passes

  async #pass(ids: string[], options: PassOptions): Promise<SyncSummary> {
    const summary = emptySummary(ids.length);
    const requestsBefore = this.#requests;
    const stop = (reason: SyncSummary['stoppedBy']): SyncSummary => ({
      ...summary,
      skipped: ids.length,
      requests: this.#requests - requestsBefore,
      stoppedBy: reason,
    });
    if (this.#status.keyRejected) return stop('key-rejected');
    const client = await this.#client();
    if (!client) return stop('no-key');
    if (this.#status.offline && !(await this.#probe(client, options.signal))) {
      return stop(this.#haltReason(options.signal) ?? 'offline');
    }
    if (ids.length > 1) this.#loadSchedules();
    const result = await this.#runPass(client, ids, [], options);
    this.#publishState(true);
    return result;
  }

  async #runPass(
    client: PollClient,
    readIds: string[],
    transcriptIds: string[],
    options: PassOptions,
  ): Promise<SyncSummary> {
    const summary = emptySummary(readIds.length);
    const requestsBefore = this.#requests;
    const transcriptTasks: Promise<void>[] = [];
    const queueTranscript = (caseId: string) => {
      transcriptTasks.push(
        this.#fetchTranscript(client, caseId, options.signal).then(
          (outcome) => {
            if (outcome === 'fetched') summary.transcriptsFetched += 1;
            if (outcome === 'failed') summary.transcriptsFailed += 1;
          },
        ),
      );
    };
    for (const caseId of transcriptIds) queueTranscript(caseId);

    const queue = readIds.map((caseId) => ({ caseId, requeues: 0 }));
    let done = 0;
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        let outcome: ReadOutcome = 'skipped';
        let wantsTranscript = false;
        if (this.#haltReason(options.signal) === null) {
          ({ outcome, wantsTranscript } = await this.#readCase(
            client,
            item.caseId,
            options,
          ));
        }
        if (outcome === 'throttled' && item.requeues < THROTTLE_REQUEUES) {
          item.requeues += 1;
          queue.push(item);
          continue;
        }
        if (outcome === 'changed') summary.changed += 1;
        if (outcome === 'changed' || outcome === 'fetched') {
          summary.fetched += 1;
        } else if (outcome === 'skipped') {
          summary.skipped += 1;
        } else {
          summary.failed += 1;
        }
        if (wantsTranscript) queueTranscript(item.caseId);
        done += 1;
        options.onProgress?.(done, readIds.length);
      }
    };
    const workers = Math.min(this.#settings.concurrency, queue.length);
    await Promise.all(Array.from({ length: workers }, worker));
    await Promise.all(transcriptTasks);
    summary.requests = this.#requests - requestsBefore;
    summary.stoppedBy = this.#haltReason(options.signal);
    return summary;
  }

  #haltReason(signal: AbortSignal): SyncSummary['stoppedBy'] {
    if (this.#status.keyRejected) return 'key-rejected';
    if (this.#status.noKey) return 'no-key';
    if (signal.aborted) return 'aborted';
    if (this.#status.offline) return 'offline';
    return null;
  }

  // ------------------------------------------------------------- one case

  async #readCase(
    client: PollClient,
    caseId: string,
    options: PassOptions,
  ): Promise<{ outcome: ReadOutcome; wantsTranscript: boolean }> {
    const { signal } = options;
    return this.#locks.run(caseId, () =>
      this.#reads.run(async () => {
        if (this.#haltReason(signal) !== null) {
          return { outcome: 'skipped', wantsTranscript: false };
        }
        try {
          await this.#budget.take(signal);
          if (this.#haltReason(signal) !== null) {
            return { outcome: 'skipped', wantsTranscript: false };
          }
          this.#requests += 1;
          const view = await client.getCase(caseId, { signal });
          this.#synced();
          const absorbed = this.#absorb(caseId, view);
          const terminal = isTerminalStatus(view.status);
          return {
            outcome: absorbed.changed ? 'changed' : 'fetched',
            wantsTranscript: options.refresh
              ? absorbed.transcriptWanted || terminal
              : absorbed.transcriptDue,
          };
        } catch (error) {
          const outcome = await this.#onReadError(
            client,
            caseId,
            error,
            signal,
          );
          return { outcome, wantsTranscript: false };
        }
      }),
    );
  }

  async #fetchTranscript(
    client: PollClient,
    caseId: string,
    signal: AbortSignal,
  ): Promise<TranscriptOutcome> {
    return this.#locks.run(caseId, () =>
      this.#transcripts.run(() =>
        this.#reads.run(async () => {
          if (this.#haltReason(signal) !== null) return 'skipped';
          if (!this.#store.watchedCase(caseId)) return 'skipped';
          try {
            await this.#budget.take(signal);
            if (this.#haltReason(signal) !== null) return 'skipped';
            this.#requests += 1;
            const view = await client.getCase(caseId, {
              includeTranscript: true,
              signal,
            });
            this.#synced();
            this.#absorb(caseId, view);
            this.#saveTranscript(caseId, view);
            return 'fetched';
          } catch (error) {
            return this.#onTranscriptError(client, caseId, error, signal);
          }
        }),
      ),
    );
  }

  async #refreshTranscript(caseId: string): Promise<TranscriptRefresh> {
    const signal = this.#signal();
    const blocked = (): TranscriptRefresh => ({
      ok: false,
      error: this.#status.lastError ?? {
        kind: 'aborted',
        message: 'The transcript was not fetched.',
      },
    });
    if (this.#status.keyRejected) return blocked();
    if (!this.#store.watchedCase(caseId)) {
      return {
        ok: false,
        error: {
          kind: 'not-watched',
          message: 'The case is not on the watch list.',
        },
      };
    }
    const client = await this.#client();
    if (!client) return blocked();
    if (this.#status.offline && !(await this.#probe(client, signal))) {
      return blocked();
    }
    const outcome = await this.#fetchTranscript(client, caseId, signal);
    const transcript = this.#store.transcript(caseId);
    if (outcome === 'fetched' && transcript) return { ok: true, transcript };
    const error = this.#store.syncState(caseId).transcriptError;
    if (outcome === 'failed' && error) {
      return { ok: false, error: { kind: error.kind, message: error.message } };
    }
    return blocked();
  }

  /**
   * Saves a fresh snapshot and announces what changed. A case that left
   * the watch list meanwhile needs no check here: the store drops writes
   * about it and records none of its events, so none is announced.
   */
  #absorb(
    caseId: string,
    fetched: CaseView,
  ): {
    changed: boolean;
    transcriptWanted: boolean;
    transcriptDue: boolean;
  } {
    const at = this.#now();
    const view = withoutThread(fetched);
    const previous = this.#store.snapshot(caseId)?.view;
    const before = this.#store.syncState(caseId);
    const schedule = this.#schedule(caseId);
    const flagBefore = schedule.flag;
    schedule.failures = 0;

    // A read older than what we hold (a lagging replica) must not undo it.
    const stale = previous !== undefined && view.updatedAt < previous.updatedAt;
    const current = stale ? previous : view;
    const planned = stale ? [] : caseChanges(previous, view);
    // One commit for the case's writes; events go out only after it, so an
    // event is never announced for a change the store did not keep.
    const fresh = this.#store.batch(() => {
      const recorded = planned.filter((item) =>
        this.#store.recordEvent(item.record),
      );
      if (!stale) this.#store.saveSnapshot(view, at);
      this.#store.updateSyncState(caseId, {
        lastSyncedAt: at,
        lastError: null,
      });
      if (flagBefore !== null) this.#store.setAccessFlag(caseId, null);
      return recorded;
    });

    schedule.flag = null;
    schedule.status = current.status;
    schedule.inputRequestStatus = current.inputRequest?.status;
    const input = inputState(current);
    if (input === 'answer-processing') schedule.answerAt ??= at;
    if (input === 'answerable' || isTerminalStatus(current.status)) {
      schedule.answerAt = null;
    }
    reschedule(schedule, at, this.#settings, this.#random);

    const transcriptWanted = needsTranscript({
      view: current,
      previous: stale ? undefined : previous,
      transcript: this.#store.transcript(caseId),
      syncState: before,
    });
    if (!transcriptWanted) schedule.transcriptDueAt = null;
    else schedule.transcriptDueAt ??= at;

    if (flagBefore !== null) {
      this.#emit({ type: 'case-flagged', caseId, flag: null });
    }
    for (const item of fresh) this.#emit(item.event);
    if (before.lastError !== null) this.#emitCaseSyncState(caseId);
    return {
      changed: !stale && previous?.updatedAt !== view.updatedAt,
      transcriptWanted,
      transcriptDue: transcriptWanted && (schedule.transcriptDueAt ?? at) <= at,
    };
  }

  #saveTranscript(caseId: string, view: CaseView): void {
    const at = this.#now();
    const text = view.conversationThread ?? null;
    const old = this.#store.transcript(caseId);
    const hadError = this.#store.syncState(caseId).transcriptError !== null;
    this.#store.saveTranscript(caseId, text, view.updatedAt, at);
    this.#store.updateSyncState(caseId, {
      transcriptSyncedAt: at,
      transcriptError: null,
    });
    const schedule = this.#schedule(caseId);
    schedule.transcriptFailures = 0;
    schedule.transcriptDueAt = null;
    if (!old || old.text !== text) {
      this.#emit({
        type: 'transcript-updated',
        caseId,
        caseUpdatedAt: view.updatedAt,
      });
    }
    if (hadError) this.#emitCaseSyncState(caseId);
  }

  // --------------------------------------------------------------- faults

  async #onReadError(
    client: PollClient,
    caseId: string,
    error: unknown,
    signal: AbortSignal,
  ): Promise<ReadOutcome> {
    const action = faultAction(error);
    if (action !== 'aborted' && action !== 'go-offline') this.#reachable();
    switch (action) {
      case 'aborted':
        return 'skipped';
      case 'reject-key':
        this.#rejectKey(error as OffloadError);
        return 'failed';
      case 'throttle': {
        const pause = this.#throttle();
        this.#schedule(caseId).nextPollAt = this.#now() + pause;
        return 'throttled';
      }
      case 'go-offline':
        this.#goOffline(error as OffloadError);
        return 'failed';
      case 'flag-not-found':
        this.#flag(caseId, 'not-found', error);
        return 'failed';
      case 'check-key': {
        const verdict = await this.#checkKey(client);
        if (verdict === 'rejected') return 'failed';
        if (verdict === 'valid') {
          this.#flag(caseId, 'forbidden', error);
          return 'failed';
        }
        if (this.#status.offline || signal.aborted) return 'failed';
        this.#recordCaseError(caseId, error);
        return 'failed';
      }
      case 'retry-case':
        this.#log.debug('Reading a case failed', {
          caseId,
          error: describeError(error),
        });
        this.#recordCaseError(caseId, error);
        return 'failed';
    }
  }

  async #onTranscriptError(
    client: PollClient,
    caseId: string,
    error: unknown,
    signal: AbortSignal,
  ): Promise<TranscriptOutcome> {
    const action = faultAction(error);
    if (action === 'aborted') return 'skipped';
    if (action !== 'go-offline') this.#reachable();
    if (action === 'reject-key') this.#rejectKey(error as OffloadError);
    if (action === 'go-offline') this.#goOffline(error as OffloadError);
    if (action === 'throttle') this.#throttle();
    if (action === 'check-key' && (await this.#checkKey(client)) !== 'valid') {
      return 'failed';
    }
    if (this.#status.keyRejected || signal.aborted) return 'failed';
    if (!this.#store.watchedCase(caseId)) return 'skipped';

    // Never fails the case: only the transcript's own state records it.
    const schedule = this.#schedule(caseId);
    schedule.transcriptFailures += 1;
    const now = this.#now();
    schedule.transcriptDueAt =
      now +
      retryDelay(CASE_ERROR_BACKOFF, schedule.transcriptFailures, this.#random);
    const before = this.#store.syncState(caseId).transcriptError;
    const { kind, message } = describeError(error);
    this.#store.updateSyncState(caseId, {
      transcriptError: { kind, message, at: now },
    });
    this.#log.debug('Fetching a transcript failed', { caseId, kind });
    if (!sameError(before, { kind, message })) this.#emitCaseSyncState(caseId);
    return 'failed';
  }

  /** A 5xx or unreadable answer: back off this case and say why. */
  #recordCaseError(caseId: string, error: unknown): void {
    if (!this.#store.watchedCase(caseId)) return;
    const schedule = this.#schedule(caseId);
    schedule.failures += 1;
    const now = this.#now();
    schedule.nextPollAt =
      now + retryDelay(CASE_ERROR_BACKOFF, schedule.failures, this.#random);
    const before = this.#store.syncState(caseId).lastError;
    const { kind, message } = describeError(error);
    this.#store.updateSyncState(caseId, {
      lastError: { kind, message, at: now },
    });
    if (!sameError(before, { kind, message })) this.#emitCaseSyncState(caseId);
  }

  /** 404 or 403 for this case alone: keep it, stop polling it. */
  #flag(caseId: string, flag: AccessFlag, error: unknown): void {
    const watched = this.#store.watchedCase(caseId);
    if (!watched) return;
    const schedule = this.#schedule(caseId);
    schedule.flag = flag;
    schedule.nextPollAt = null;
    schedule.transcriptDueAt = null;
    const { kind, message } = describeError(error);
    const before = this.#store.syncState(caseId).lastError;
    this.#store.updateSyncState(caseId, {
      lastError: { kind, message, at: this.#now() },
    });
    if (watched.flag !== flag) {
      this.#store.setAccessFlag(caseId, flag);
      this.#emit({ type: 'case-flagged', caseId, flag });
    }
    if (!sameError(before, { kind, message })) this.#emitCaseSyncState(caseId);
  }

  #throttle(): number {
    this.#throttles += 1;
    const pause = retryDelay(THROTTLE_BACKOFF, this.#throttles, this.#random);
    this.#budget.pauseFor(pause);
    this.#log.warn('Offload is throttling; pausing all requests', {
      pauseMs: pause,
    });
    return pause;
  }

  #rejectKey(error: OffloadError | undefined): void {
    if (this.#status.keyRejected) return;
    this.#status.keyRejected = true;
    this.#status.lastError = {
      kind: error?.kind ?? 'unauthorized',
      message:
        'Offload rejected the API key (unknown or inactive). Polling is ' +
        'stopped until a new key is saved.',
    };
    this.#log.warn('The API key was rejected; polling stopped', {
      kind: this.#status.lastError.kind,
    });
    this.#publishState();
  }

  #goOffline(error: OffloadError): void {
    if (this.#status.offline) return;
    this.#status.offline = true;
    this.#probeFailures = 0;
    this.#nextProbeAt =
      this.#now() + retryDelay(OFFLINE_PROBE_BACKOFF, 1, this.#random);
    this.#status.lastError = { kind: error.kind, message: error.message };
    this.#log.warn('Offload is unreachable; working offline', {
      kind: error.kind,
    });
    this.#publishState();
  }

  /** A read succeeded: the network and the key work. */
  #synced(): void {
    this.#throttles = 0;
    this.#status.lastSyncAt = this.#now();
    this.#reachable();
  }

  /** Offload answered something, even an error: the network is up. */
  #reachable(): void {
    this.#status.stopped = false;
    if (this.#status.offline) {
      this.#status.offline = false;
      this.#probeFailures = 0;
      this.#status.lastError = undefined;
      this.#log.info('Offload is reachable again');
      this.#publishState();
    } else if (this.#status.announcedStopped()) {
      this.#publishState();
    }
  }

  /**
   * One request to learn whether Offload can be reached again. Answers
   * true when it can; a rejected key stops everything instead.
   */
  async #probe(client: PollClient, signal: AbortSignal): Promise<boolean> {
    try {
      await this.#budget.take(signal);
      this.#requests += 1;
      const check = await client.verifyKey({ signal });
      if (check.outcome === 'rejected') {
        this.#rejectKey(check.error);
        return false;
      }
      const kind = check.outcome === 'unreachable' ? check.error.kind : null;
      if (kind === 'throttled') this.#throttle();
      if (kind === 'network' || kind === 'timeout' || kind === 'aborted') {
        this.#probeFailures += 1;
        this.#nextProbeAt =
          this.#now() +
          retryDelay(
            OFFLINE_PROBE_BACKOFF,
            this.#probeFailures + 1,
            this.#random,
          );
        return false;
      }
      // Any answer, even a 5xx, means the network is back.
      this.#reachable();
      return true;
    } catch (error) {
      if (faultAction(error) !== 'aborted') throw error;
      return false;
    }
  }

  /** After a 403: is it the key, or this case? One check at a time. */
  #checkKey(client: PollClient): Promise<'valid' | 'rejected' | 'unreachable'> {
    if (this.#status.keyRejected) return Promise.resolve('rejected');
    if (this.#now() < this.#keyValidUntil) return Promise.resolve('valid');
    this.#keyCheck ??= (async () => {
      const signal = this.#stopController.signal;
      try {
        await this.#budget.take(signal);
        this.#requests += 1;
        const check = await client.verifyKey({ signal });
        if (check.outcome === 'valid') {
          this.#reachable();
          this.#keyValidUntil = this.#now() + KEY_CHECK_TTL_MS;
          return 'valid';
        }
        if (check.outcome === 'rejected') {
          this.#rejectKey(check.error);
          return 'rejected';
        }
        if (check.error.kind === 'network' || check.error.kind === 'timeout') {
          this.#goOffline(check.error);
        }
        if (check.error.kind === 'throttled') this.#throttle();
        return 'unreachable';
      } catch {
        return 'unreachable';
      } finally {
        this.#keyCheck = null;
      }
    })();
    return this.#keyCheck;
  }

  // ---------------------------------------------------------------- state

  async #client(): Promise<PollClient | null> {
    let client: PollClient | null = null;
    let reason = 'No Offload API key is configured.';
    try {
      client = await this.#getClient();
    } catch (error) {
      const { message } = describeError(error);
      reason = `The Offload API key could not be read: ${message}`;
    }
    const noKey = client === null;
    if (noKey !== this.#status.noKey) {
      this.#status.noKey = noKey;
      if (noKey) this.#status.lastError = { kind: 'no-key', message: reason };
      else if (this.#status.lastError?.kind === 'no-key')
        this.#status.lastError = undefined;
      this.#publishState();
    }
    return client;
  }

  /** The case's schedule, restored from the store on first use. */
  #schedule(caseId: string): CaseSchedule {
    let schedule = this.#schedules.get(caseId);
    if (!schedule) {
      const entry = this.#store.watchedCase(caseId);
      schedule = entry
        ? restoreSchedule(
            this.#store,
            entry,
            this.#now(),
            this.#settings,
            this.#random,
          )
        : freshSchedule(this.#now());
      this.#schedules.set(caseId, schedule);
    }
    return schedule;
  }

  /** Brings the schedules in line with the watch list. */
  #loadSchedules(): void {
    const ids = new Set<string>();
    for (const entry of this.#store.watched()) {
      ids.add(entry.caseId);
      const schedule = this.#schedules.get(entry.caseId);
      if (!schedule) {
        this.#schedules.set(
          entry.caseId,
          restoreSchedule(
            this.#store,
            entry,
            this.#now(),
            this.#settings,
            this.#random,
          ),
        );
      } else if (schedule.flag !== entry.flag) {
        // Flagged or cleared elsewhere (the person asked to retry it).
        schedule.flag = entry.flag;
        schedule.nextPollAt = entry.flag === null ? this.#now() : null;
      }
    }
    for (const caseId of this.#schedules.keys()) {
      if (!ids.has(caseId)) this.#schedules.delete(caseId);
    }
  }

  /**
   * Emits `sync-state` when the connection or its error changed, or, with
   * `withSyncTime`, when the last sync time moved (once per pass).
   */
  #publishState(withSyncTime = false): void {
    const state = this.#status.toAnnounce(withSyncTime);
    if (state) this.#emit({ type: 'sync-state', state });
  }

  #emitCaseSyncState(caseId: string): void {
    this.#emit({
      type: 'case-sync-state',
      caseId,
      syncState: this.#store.syncState(caseId),
    });
  }

  #emit(event: SyncEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log.error('A sync listener failed', {
          type: event.type,
          error: describeError(error),
        });
      }
    }
  }
}
