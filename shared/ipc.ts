import { z } from 'zod';
import type { SubmitResult } from './answer-result.ts';
import type {
  CaseListItem,
  CaseSnapshot,
  AnswerRecord,
  DownloadRecord,
  InputDraft,
  SearchHit,
  SyncState,
  TimelineEvent,
  TranscriptRecord,
  WatchedCase,
} from './case-data.ts';
import type { DownloadEvent, DownloadJob } from './download-job.ts';
import type { KeyStatus, SetKeyResult } from './key-status.ts';
import { PROFILE_ID_PATTERN, SettingsPatch } from './settings.ts';
import type { Profile, Settings } from './settings.ts';
import type {
  EngineError,
  EngineState,
  SyncEvent,
  SyncSummary,
} from './sync-data.ts';

// The one contract between the window and the main process. Each method
// is named `<namespace>.<task>`; its channel is that name under the
// `offload:` prefix, and nothing outside this file spells a channel. The
// main process parses every argument list with the schema below before a
// handler sees it (arguments are `unknown` until then); results are plain
// data, typed here, and never hold the API key. The preload builds
// `window.offload` from the same table, one named function per method.

// Argument shapes. Limits are generous for people and tight for abuse: the
// renderer is trusted code, but a compromised page must not be able to
// make the main process allocate without bound.

const MAX_ID_LENGTH = 200;
/** Ids Offload issues are UUIDs; older examples used `case_123`. */
const ID_PATTERN = /^[\x21-\x7e]+$/;
const Id = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(MAX_ID_LENGTH, { error: `must be at most ${MAX_ID_LENGTH} characters` })
  .regex(ID_PATTERN, { error: 'must be printable characters, no spaces' });

const CaseId = Id;
const ProfileId = z.string().regex(PROFILE_ID_PATTERN, {
  error: 'must be a profile id',
});

/** An answer or draft: Offload takes free text; 100k characters is ample. */
const MAX_ANSWER_LENGTH = 100_000;
const AnswerText = z.string().max(MAX_ANSWER_LENGTH, {
  error: `must be at most ${MAX_ANSWER_LENGTH} characters`,
});

/** Pasted ids or an ids file's text (the file itself is read by the page). */
const MAX_WATCH_TEXT_LENGTH = 10 * 1024 * 1024;
const WatchText = z.string().max(MAX_WATCH_TEXT_LENGTH, {
  error: 'is larger than 10 MB',
});

const MAX_KEY_LENGTH = 1_000;
const MAX_QUERY_LENGTH = 1_000;
/** The store returns at most this many search hits. */
const MAX_SEARCH_HITS = 500;
const MAX_URL_LENGTH = 8_000;
const MAX_LIST = 10_000;

/**
 * A watch entry to put back (undo of a removal). It takes the removed
 * WatchedCase as returned; the main process keeps how and when the case
 * was first added, so those fields are accepted and not trusted.
 */
const WatchEntryArg = z.strictObject({
  caseId: CaseId,
  label: z.string().max(500).optional(),
  clientReferenceId: z.string().max(500).optional(),
  addedAt: z.number().optional(),
  addedHow: z.string().max(50).optional(),
  flag: z.enum(['not-found', 'forbidden']).nullable().optional(),
});

export const ipcArguments = {
  'app.info': z.tuple([]),
  'app.openExternal': z.tuple([z.string().max(MAX_URL_LENGTH)]),
  'app.reportError': z.tuple([
    z.strictObject({
      message: z.string().max(10_000),
      stack: z.string().max(50_000).optional(),
    }),
  ]),

  'keys.status': z.tuple([ProfileId]),
  'keys.set': z.tuple([
    ProfileId,
    z.string().min(1).max(MAX_KEY_LENGTH),
    z
      .strictObject({
        acceptUnverified: z.boolean().optional(),
        sessionOnly: z.boolean().optional(),
      })
      .optional(),
  ]),
  'keys.remove': z.tuple([ProfileId]),

  'settings.get': z.tuple([]),
  'settings.update': z.tuple([SettingsPatch]),
  'settings.chooseDownloadFolder': z.tuple([]),

  'sync.state': z.tuple([]),
  'sync.refreshAll': z.tuple([]),
  'sync.resume': z.tuple([]),

  'watch.add': z.tuple([
    z.strictObject({
      text: WatchText,
      source: z.enum(['single', 'paste', 'file', 'deep-link']),
    }),
  ]),
  'watch.remove': z.tuple([z.array(CaseId).min(1).max(MAX_LIST)]),
  'watch.restore': z.tuple([z.array(WatchEntryArg).min(1).max(MAX_LIST)]),

  /**
   * `first`: only the N most recently changed cases, so the window can
   * draw its first screen before the whole list has crossed.
   */
  'cases.list': z.tuple([
    z.strictObject({ first: z.int().min(1).max(1_000) }).optional(),
  ]),
  'cases.detail': z.tuple([CaseId]),
  'cases.refresh': z.tuple([CaseId]),
  'cases.markSeen': z.tuple([CaseId]),
  'cases.resolve': z.tuple([z.string().min(1).max(500)]),

  'transcripts.get': z.tuple([CaseId]),
  'transcripts.refresh': z.tuple([CaseId]),
  'transcripts.export': z.tuple([CaseId]),

  'search.query': z.tuple([
    z.string().max(MAX_QUERY_LENGTH),
    z.int().min(1).max(MAX_SEARCH_HITS).optional(),
  ]),

  'input.draft': z.tuple([CaseId, Id]),
  'input.saveDraft': z.tuple([CaseId, Id, AnswerText]),
  'input.submit': z.tuple([CaseId, Id, AnswerText]),

  'downloads.start': z.tuple([CaseId, z.array(Id).max(MAX_LIST).optional()]),
  'downloads.cancel': z.tuple([Id]),
  'downloads.list': z.tuple([]),
  'downloads.open': z.tuple([CaseId, Id]),
  'downloads.showInFolder': z.tuple([CaseId, Id]),
} as const;

export type IpcMethodName = keyof typeof ipcArguments;

/** What the app tells the window about itself. */
export interface AppInfo {
  version: string;
  platform: string;
  /** The profile in use; null before the first run's set-up. */
  profile: Profile | null;
  /** Set when `npm run demo` started a simulator this run can use. */
  demo: { baseUrl: string } | null;
}

/** Everything the detail pane shows about one case, in one call. */
export interface CaseDetail {
  watched: WatchedCase;
  snapshot: CaseSnapshot | null;
  syncState: SyncState;
  timeline: TimelineEvent[];
  answers: AnswerRecord[];
  downloads: DownloadRecord[];
  /** The draft for the question now open, if any. */
  draft: InputDraft | null;
}

export interface WatchProblem {
  line: number;
  text: string;
  reason: string;
}

export interface WatchAddResult {
  added: string[];
  already: string[];
  problems: WatchProblem[];
}

export type TranscriptRefresh =
  | { ok: true; transcript: TranscriptRecord }
  | { ok: false; error: EngineError };

/** A file the person chose in a dialog; null when they cancelled. */
export interface SavedFile {
  path: string | null;
}

/** Whether an action the OS performs (open a file, a link) happened. */
export interface Opened {
  opened: boolean;
  /** Why not, in words, when it did not. */
  message?: string | undefined;
}

/** What each method resolves to (inside IpcResult). */
export interface IpcResults {
  'app.info': AppInfo;
  'app.openExternal': Opened;
  'app.reportError': null;
  'keys.status': KeyStatus;
  'keys.set': SetKeyResult;
  'keys.remove': boolean;
  'settings.get': Settings;
  'settings.update': Settings;
  'settings.chooseDownloadFolder': SavedFile;
  'sync.state': EngineState;
  'sync.refreshAll': SyncSummary;
  'sync.resume': null;
  'watch.add': WatchAddResult;
  'watch.remove': { removed: WatchedCase[] };
  'watch.restore': { restored: number };
  'cases.list': CaseListItem[];
  'cases.detail': CaseDetail | null;
  'cases.refresh': CaseDetail | null;
  'cases.markSeen': null;
  'cases.resolve': string[];
  'transcripts.get': TranscriptRecord | null;
  'transcripts.refresh': TranscriptRefresh;
  'transcripts.export': SavedFile;
  'search.query': SearchHit[];
  'input.draft': InputDraft | null;
  'input.saveDraft': null;
  'input.submit': SubmitResult;
  'downloads.start': DownloadJob[];
  'downloads.cancel': boolean;
  'downloads.list': DownloadJob[];
  'downloads.open': Opened;
  'downloads.showInFolder': Opened;
}

/** What the main process pushes to the window, by event name. */
export interface IpcEvents {
  sync: SyncEvent;
  download: DownloadEvent;
  settings: Settings;
  /** A deep link or a notification asks the window to show a case. */
  'open-case': { caseId: string; watched: boolean };
}

export type IpcEventName = keyof IpcEvents;
export const IPC_EVENT_NAMES = [
  'sync',
  'download',
  'settings',
  'open-case',
] as const satisfies readonly IpcEventName[];

/** An error as it crosses to the window: no stack, no secret. */
export interface IpcError {
  kind: string;
  message: string;
  /** For 'invalid-settings': the dotted path of the setting to fix. */
  field?: string | undefined;
}

export type IpcResult<T> =
  { ok: true; value: T } | { ok: false; error: IpcError };

/** The channel a method travels on. */
export function methodChannel(name: IpcMethodName): string {
  return `offload:${name}`;
}

/** The channel an event travels on. */
export function eventChannel(name: IpcEventName): string {
  return `offload:event:${name}`;
}

export const IPC_METHOD_NAMES = Object.keys(ipcArguments) as IpcMethodName[];

/** The parsed arguments a handler receives. */
export type IpcArguments<N extends IpcMethodName> = z.output<
  (typeof ipcArguments)[N]
>;

type Namespace<N> = N extends `${infer Space}.${string}` ? Space : never;
type Task<N, Space extends string> = N extends `${Space}.${infer Name}`
  ? Name
  : never;

/** One method as the window calls it. */
export type IpcCall<N extends IpcMethodName> = (
  ...args: z.input<(typeof ipcArguments)[N]>
) => Promise<IpcResult<IpcResults[N]>>;

/** `window.offload`: one namespace per area, one function per task. */
export type OffloadApi = {
  [Space in Namespace<IpcMethodName>]: {
    [Name in Task<IpcMethodName, Space>]: IpcCall<
      `${Space}.${Name}` & IpcMethodName
    >;
  };
} & {
  events: {
    /** Listens to one kind of event; returns the function that stops it. */
    on<E extends IpcEventName>(
      name: E,
      listener: (payload: IpcEvents[E]) => void,
    ): () => void;
  };
};

/** The main-process side: one function per method, given parsed args. */
export type IpcHandlers = {
  [N in IpcMethodName]: (
    ...args: IpcArguments<N>
  ) => IpcResults[N] | Promise<IpcResults[N]>;
};

// Every method has a result type and every result type a method.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const resultsCoverMethods: Exact<keyof IpcResults, IpcMethodName> = true;
void resultsCoverMethods;
