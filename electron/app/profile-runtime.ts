import { join } from 'node:path';
import type { DownloadEvent } from '../../shared/download-job.ts';
import type { Profile } from '../../shared/settings.ts';
import type { SyncEvent } from '../../shared/sync-data.ts';
import { AnswerFlow } from '../core/answers/answer-flow.ts';
import { downloadFolder, profileDir } from '../core/app-paths.ts';
import {
  DownloadManager,
  autoDownloadOnCompletion,
} from '../core/downloads/download-manager.ts';
import { isLoopbackHost } from '../core/downloads/download-url-policy.ts';
import type { Logger } from '../core/logger.ts';
import type { OffloadClient } from '../core/offload-client.ts';
import type { SettingsStore } from '../core/settings/settings-store.ts';
import { openCaseStore } from '../core/store/case-store.ts';
import type { CaseStore } from '../core/store/case-store-types.ts';
import { PollEngine } from '../core/sync/poll-engine.ts';
import { RequestBudget } from '../core/sync/request-budget.ts';

// Everything that belongs to the profile in use: its case store, the
// request budget, the poll engine (running), the answer flow and the
// download queue. The app holds one at a time and swaps it when the active
// profile or its base URL changes; close() is the graceful end of one.

/** Test knobs; production leaves them out. */
export interface RuntimeTuning {
  /** How often the poll loop looks for due cases; default 1 s. */
  pollTickMs?: number;
  /** First retry delay of a download; default 1 s. */
  downloadRetryBaseMs?: number;
}

export interface ProfileRuntimeOptions {
  dataDir: string;
  profile: Profile;
  settings: SettingsStore;
  /** The client for this profile's key, null when it has none. */
  getClient: () => Promise<OffloadClient | null>;
  who: string;
  logger: Logger;
  now: () => number;
  tuning: RuntimeTuning;
  onSync: (event: SyncEvent) => void;
  onDownload: (event: DownloadEvent) => void;
}

export interface ProfileRuntime {
  readonly profile: Profile;
  readonly store: CaseStore;
  readonly budget: RequestBudget;
  readonly engine: PollEngine;
  readonly answers: AnswerFlow;
  readonly downloads: DownloadManager;
  /** Stops polling, cancels downloads (removing parts), closes the store. */
  close(): Promise<void>;
}

/** The path of a profile's case store (the CLI uses the same one). */
export function caseStorePath(dataDir: string, profileId: string): string {
  return join(profileDir(dataDir, profileId), 'cases.db');
}

/** Opens the profile's store and starts its engine and queue. */
export function openProfileRuntime(
  options: ProfileRuntimeOptions,
): ProfileRuntime {
  const { profile, settings, logger, now } = options;
  const log = logger.child(`profile:${profile.id}`);
  const opened = openCaseStore(caseStorePath(options.dataDir, profile.id), {
    logger,
    now,
    integrityCheck: 'daily',
  });
  if (opened.recovered) {
    log.warn('the case store was damaged; a fresh one was made', {
      reason: opened.recovered.reason,
      restored: opened.restoredWatchEntries,
    });
  }
  const store = opened.store;
  const current = settings.get();
  const budget = new RequestBudget({
    perSecond: current.requestBudgetPerSecond,
  });
  const engine = new PollEngine({
    store,
    getClient: options.getClient,
    budget,
    settings: {
      pollIntervalSeconds: current.pollIntervalSeconds,
      concurrency: current.concurrency,
    },
    now,
    logger,
    ...(options.tuning.pollTickMs === undefined
      ? {}
      : { tickMs: options.tuning.pollTickMs }),
  });
  const answers = new AnswerFlow({
    store,
    getClient: options.getClient,
    budget,
    engine,
    who: options.who,
    now,
    logger,
  });
  const loopback = isLoopbackHost(new URL(profile.baseUrl));
  const downloads = new DownloadManager({
    store,
    getClient: options.getClient,
    folder: () => downloadFolder(settings.get().downloadFolder),
    perCaseFolder: () => settings.get().downloadFolderPerCase,
    allowLoopbackHttp: () => loopback,
    logger,
    now,
    ...(options.tuning.downloadRetryBaseMs === undefined
      ? {}
      : { retry: { baseDelayMs: options.tuning.downloadRetryBaseMs } }),
  });

  const unsubscribe = [
    engine.on(options.onSync),
    downloads.on(options.onDownload),
    autoDownloadOnCompletion({
      engine,
      manager: downloads,
      enabled: () => settings.get().autoDownloadOnCompletion,
      logger,
    }),
  ];
  engine.start();
  // Parts a crash left behind are resumed or removed in the background.
  const recovery = downloads.recover().catch((error: unknown) => {
    log.warn('could not clean up downloads left by an earlier run', {
      error,
    });
  });

  let closing: Promise<void> | undefined;
  return {
    profile,
    store,
    budget,
    engine,
    answers,
    downloads,
    close() {
      closing ??= (async () => {
        await recovery;
        await engine.stop();
        await downloads.close();
        for (const stop of unsubscribe) stop();
        store.close();
        log.info('closed the profile');
      })();
      return closing;
    },
  };
}
