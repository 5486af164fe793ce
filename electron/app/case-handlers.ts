import type { IpcHandlers, WatchAddResult } from '../../shared/ipc.ts';
import type { WatchEntry, WatchSource } from '../../shared/case-data.ts';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
} from '../core/store/case-store.ts';
import { parseWatchInput } from '../core/store/watch-list-input.ts';
import type { AppContext } from './app-context.ts';
import { caseDetail } from './case-detail.ts';
import type { ProfileRuntime } from './profile-runtime.ts';

// Handlers for the watch list, cases, transcripts, search and answers:
// thin calls into the active profile's store, engine and answer flow.

/**
 * New cases read at once when added; the poll loop reads the rest on its
 * next tick anyway (a never-read case is due at once), so a paste of
 * thousands does not start thousands of passes.
 */
const MAX_IMMEDIATE_REFRESHES = 100;

type CaseMethods =
  | `watch.${string}`
  | `cases.${string}`
  | `search.${string}`
  | `input.${string}`
  | 'transcripts.get'
  | 'transcripts.refresh';

function refreshSoon(
  context: AppContext,
  runtime: ProfileRuntime,
  caseIds: readonly string[],
): void {
  for (const caseId of caseIds.slice(0, MAX_IMMEDIATE_REFRESHES)) {
    runtime.engine.refresh(caseId).catch((error: unknown) => {
      context.logger.warn('could not read a newly watched case', {
        caseId,
        error,
      });
    });
  }
}

export function caseHandlers(
  context: AppContext,
): Pick<IpcHandlers, Extract<keyof IpcHandlers, CaseMethods>> {
  const runtime = () => context.runtime();

  return {
    'watch.add': async ({ text, source }): Promise<WatchAddResult> => {
      const rt = await runtime();
      const input = parseWatchInput(text);
      const { added, already } = rt.store.watch(
        input.entries,
        source,
        context.now(),
      );
      refreshSoon(context, rt, added);
      context.watchChanged();
      return { added, already, problems: input.problems };
    },

    'watch.remove': async (caseIds) => {
      const rt = await runtime();
      const removed = rt.store.batch(() => {
        const entries = [...new Set(caseIds)].flatMap(
          (caseId) => rt.store.watchedCase(caseId) ?? [],
        );
        rt.store.unwatch(entries.map((entry) => entry.caseId));
        return entries;
      });
      context.rememberRemoved(removed);
      context.watchChanged();
      return { removed };
    },

    'watch.restore': async (entries) => {
      const rt = await runtime();
      // Back as they were (how and when added) when this run removed them.
      const groups = new Map<string, WatchEntry[]>();
      const groupOf = new Map<string, { how: WatchSource; at: number }>();
      for (const entry of entries) {
        const before = context.takeRemoved(entry.caseId);
        const how = before?.addedHow ?? 'single';
        const at = before?.addedAt ?? context.now();
        const key = `${how} ${at}`;
        groupOf.set(key, { how, at });
        const group = groups.get(key) ?? [];
        group.push({
          caseId: entry.caseId,
          ...(entry.label === undefined ? {} : { label: entry.label }),
          ...(entry.clientReferenceId === undefined
            ? {}
            : { clientReferenceId: entry.clientReferenceId }),
        });
        groups.set(key, group);
      }
      const added = rt.store.batch(() =>
        [...groups].flatMap(([key, group]) => {
          const { how, at } = groupOf.get(key)!;
          return rt.store.watch(group, how, at).added;
        }),
      );
      refreshSoon(context, rt, added);
      context.watchChanged();
      return { restored: added.length };
    },

    'cases.list': async (options) =>
      (await runtime()).store.listCases(options?.first),

    'cases.detail': async (caseId) =>
      caseDetail((await runtime()).store, caseId),

    'cases.refresh': async (caseId) => {
      const rt = await runtime();
      await rt.engine.refresh(caseId);
      return caseDetail(rt.store, caseId);
    },

    'cases.markSeen': async (caseId) => {
      (await runtime()).store.markSeen(caseId, context.now());
      return null;
    },

    'cases.resolve': async (idOrReference) =>
      (await runtime()).store.resolve(idOrReference),

    'transcripts.get': async (caseId) =>
      (await runtime()).store.transcript(caseId) ?? null,

    'transcripts.refresh': async (caseId) =>
      (await runtime()).engine.refreshTranscript(caseId),

    'search.query': async (query, limit) =>
      (await runtime()).store.search(
        query,
        Math.min(limit ?? DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT),
      ),

    'input.draft': async (caseId, inputRequestId) =>
      (await runtime()).answers.draft(caseId, inputRequestId) ?? null,

    'input.saveDraft': async (caseId, inputRequestId, text) => {
      (await runtime()).answers.saveDraft(caseId, inputRequestId, text);
      return null;
    },

    'input.submit': async (caseId, inputRequestId, text) => {
      const result = await (
        await runtime()
      ).answers.submit(caseId, inputRequestId, text);
      // An accepted answer turns the question RESOLVED in the snapshot.
      context.watchChanged();
      return result;
    },
  };
}
