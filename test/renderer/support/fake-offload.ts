import { IPC_METHOD_NAMES } from '../../../shared/ipc.ts';
import type {
  AppInfo,
  CaseDetail,
  IpcArguments,
  IpcEventName,
  IpcEvents,
  IpcMethodName,
  IpcResult,
  IpcResults,
  OffloadApi,
} from '../../../shared/ipc.ts';
import type {
  CaseListItem,
  InputDraft,
  SearchHit,
  TranscriptRecord,
} from '../../../shared/case-data.ts';
import type { DownloadJob } from '../../../shared/download-job.ts';
import type { KeyStatus } from '../../../shared/key-status.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { EngineState } from '../../../shared/sync-data.ts';
import { configuredKey, onlineState, settingsWithProfile } from './fixtures.ts';

// A hand-written, in-memory `window.offload` for component tests. Every
// method answers `ok` from the fixture data in `data` (which a test may
// change at any time), every call is recorded, and `emit` plays an event
// to the listeners the components registered. A test that needs a failure
// or a slow answer replaces one method with `respond`. The real main
// process is exercised by the end-to-end harness, not here.

/** The data the fake answers from; tests mutate it freely. */
export interface FakeOffloadData {
  info: AppInfo;
  keyStatus: KeyStatus;
  settings: Settings;
  syncState: EngineState;
  cases: CaseListItem[];
  /** By case id; a missing id answers null. */
  details: Record<string, CaseDetail>;
  /** By case id; a missing id answers null (never fetched). */
  transcripts: Record<string, TranscriptRecord>;
  searchHits: SearchHit[];
  downloads: DownloadJob[];
  /** By `${caseId}/${inputRequestId}`. */
  drafts: Record<string, InputDraft>;
}

export interface FakeCall {
  method: IpcMethodName;
  args: unknown[];
}

/** A replacement for one method: return a value, or an IpcResult. */
export type FakeResponder<N extends IpcMethodName> = (
  ...args: IpcArguments<N>
) => IpcResult<IpcResults[N]> | Promise<IpcResult<IpcResults[N]>>;

export interface FakeOffload {
  api: OffloadApi;
  data: FakeOffloadData;
  calls: FakeCall[];
  /** The argument lists of every call to one method, in order. */
  callsTo<N extends IpcMethodName>(method: N): IpcArguments<N>[];
  /** Replaces one method's answer until `reset`. */
  respond<N extends IpcMethodName>(
    method: N,
    responder: FakeResponder<N>,
  ): void;
  /** Makes one method answer with an error. */
  fail(
    method: IpcMethodName,
    kind: string,
    message: string,
    field?: string,
  ): void;
  /** Plays an event to every listener of its kind. */
  emit<E extends IpcEventName>(name: E, payload: IpcEvents[E]): void;
  /** How many listeners are registered for an event now. */
  listenerCount(name: IpcEventName): number;
  /** Sets `window.offload` to this fake; returns the undo. */
  install(): () => void;
}

type Defaults = {
  [N in IpcMethodName]: (
    ...args: IpcArguments<N>
  ) => IpcResults[N] | Promise<IpcResults[N]>;
};

function defaultData(): FakeOffloadData {
  const settings = settingsWithProfile();
  return {
    info: {
      version: '0.1.0-test',
      platform: 'linux',
      profile: settings.profiles[0] ?? null,
      demo: null,
    },
    keyStatus: configuredKey(),
    settings,
    syncState: onlineState(),
    cases: [],
    details: {},
    transcripts: {},
    searchHits: [],
    downloads: [],
    drafts: {},
  };
}

function draftKey(caseId: string, inputRequestId: string): string {
  return `${caseId}/${inputRequestId}`;
}

function defaults(data: () => FakeOffloadData): Defaults {
  return {
    'app.info': () => data().info,
    'app.openExternal': () => ({ opened: true }),
    'app.reportError': () => null,
    'keys.status': () => data().keyStatus,
    'keys.set': () => ({
      outcome: 'saved',
      verifiedAt: Date.now(),
      storage: 'keychain',
    }),
    'keys.remove': () => true,
    'settings.get': () => data().settings,
    'settings.update': (patch) => {
      const current = data();
      const { notifications, ...rest } = patch;
      current.settings = {
        ...current.settings,
        ...Object.fromEntries(
          Object.entries(rest).filter(([, value]) => value !== undefined),
        ),
        notifications: { ...current.settings.notifications, ...notifications },
      };
      return current.settings;
    },
    'settings.chooseDownloadFolder': () => ({ path: '/home/test/Downloads' }),
    'sync.state': () => data().syncState,
    'sync.refreshAll': () => ({
      cases: data().cases.length,
      fetched: data().cases.length,
      changed: 0,
      failed: 0,
      skipped: 0,
      transcriptsFetched: 0,
      transcriptsFailed: 0,
      requests: data().cases.length,
      stoppedBy: null,
    }),
    'sync.resume': () => null,
    'watch.add': () => ({ added: [], already: [], problems: [] }),
    'watch.remove': () => ({ removed: [] }),
    'watch.restore': (entries) => ({ restored: entries.length }),
    'cases.list': () => data().cases,
    'cases.detail': (caseId) => data().details[caseId] ?? null,
    'cases.refresh': (caseId) => data().details[caseId] ?? null,
    'cases.markSeen': () => null,
    'cases.resolve': (text) => [text],
    'transcripts.get': (caseId) => data().transcripts[caseId] ?? null,
    'transcripts.refresh': (caseId) => {
      const transcript = data().transcripts[caseId];
      return transcript
        ? { ok: true, transcript }
        : {
            ok: false,
            error: { kind: 'not-found', message: 'No transcript saved.' },
          };
    },
    'transcripts.export': () => ({ path: '/home/test/transcript.txt' }),
    'search.query': () => data().searchHits,
    'input.draft': (caseId, inputRequestId) =>
      data().drafts[draftKey(caseId, inputRequestId)] ?? null,
    'input.saveDraft': (caseId, inputRequestId, text) => {
      data().drafts[draftKey(caseId, inputRequestId)] = {
        caseId,
        inputRequestId,
        text,
        savedAt: Date.now(),
      };
      return null;
    },
    'input.submit': () => ({
      outcome: 'accepted',
      answerId: 1,
      confirmedBy: 'response',
      message: 'Offload accepted the answer.',
      view: undefined,
    }),
    'downloads.start': () => [],
    'downloads.cancel': () => true,
    'downloads.list': () => data().downloads,
    'downloads.open': () => ({ opened: true }),
    'downloads.showInFolder': () => ({ opened: true }),
  };
}

/** A fresh fake with default data, optionally partly replaced. */
export function createFakeOffload(
  initial: Partial<FakeOffloadData> = {},
): FakeOffload {
  const state = { data: { ...defaultData(), ...initial } };
  const calls: FakeCall[] = [];
  const overrides = new Map<IpcMethodName, FakeResponder<IpcMethodName>>();
  const listeners = new Map<IpcEventName, Set<(payload: never) => void>>();
  const fallback = defaults(() => state.data);

  async function call(method: IpcMethodName, args: unknown[]) {
    calls.push({ method, args });
    const override = overrides.get(method);
    if (override) {
      return (override as (...a: unknown[]) => unknown)(...args);
    }
    try {
      const value = await (fallback[method] as (...a: unknown[]) => unknown)(
        ...args,
      );
      return { ok: true, value };
    } catch (error) {
      return {
        ok: false,
        error: { kind: 'fake-error', message: String(error) },
      };
    }
  }

  const spaces: Record<string, Record<string, unknown>> = {};
  for (const method of IPC_METHOD_NAMES) {
    const [space = '', task = ''] = method.split('.');
    spaces[space] ??= {};
    spaces[space][task] = (...args: unknown[]) => call(method, args);
  }
  spaces.events = {
    on(name: IpcEventName, listener: (payload: never) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const api = spaces as unknown as OffloadApi;

  return {
    api,
    get data() {
      return state.data;
    },
    set data(next) {
      state.data = next;
    },
    calls,
    callsTo<N extends IpcMethodName>(method: N) {
      return calls
        .filter((entry) => entry.method === method)
        .map((entry) => entry.args as IpcArguments<N>);
    },
    respond(method, responder) {
      overrides.set(method, responder as FakeResponder<IpcMethodName>);
    },
    fail(method, kind, message, field) {
      overrides.set(method, () => ({
        ok: false,
        error: { kind, message, ...(field === undefined ? {} : { field }) },
      }));
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        (listener as (value: typeof payload) => void)(payload);
      }
    },
    listenerCount(name) {
      return listeners.get(name)?.size ?? 0;
    },
    install() {
      const previous = window.offload;
      window.offload = api;
      return () => {
        window.offload = previous;
      };
    },
  };
}
