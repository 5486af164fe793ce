import { readFile } from 'node:fs/promises';
import { statusWords } from '../../../shared/offload/case-words.ts';
import type { SyncEvent, SyncSummary } from '../sync/sync-events.ts';
import type { CliContext, ParsedCommand } from './cli-context.ts';
import { CommandError, printJson, ProgressLine, UsageError } from './cli-io.ts';

// `sync` reads every watched case once (or keeps polling with --follow);
// `answer` sends a person's answer to a case waiting for input.

const MAX_ANSWER_BYTES = 100_000;

function describeEvent(event: SyncEvent): string | null {
  switch (event.type) {
    case 'status-changed':
      return `${event.caseId}: ${statusWords(event.from)} → ${statusWords(
        event.to,
      )}`;
    case 'input-needed':
      return `${event.caseId}: needs input: ${event.question}`;
    case 'attachments-added':
      return `${event.caseId}: ${event.attachments.length} new attachment(s)`;
    case 'case-flagged':
      if (event.flag === null) return null;
      return `${event.caseId}: ${
        event.flag === 'not-found'
          ? 'Offload has no case with this id'
          : 'the case belongs to another account'
      }; it stays on the watch list, flagged`;
    case 'sync-state':
      return event.state.connection === 'online'
        ? null
        : `Connection: ${event.state.connection}` +
            (event.state.lastError
              ? ` (${event.state.lastError.message})`
              : '');
    default:
      return null;
  }
}

function summaryLine(summary: SyncSummary): string {
  const parts = [
    `${summary.fetched}/${summary.cases} cases read`,
    `${summary.changed} changed`,
  ];
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  if (summary.transcriptsFetched > 0) {
    parts.push(`${summary.transcriptsFetched} transcript(s)`);
  }
  if (summary.stoppedBy) parts.push(`stopped: ${summary.stoppedBy}`);
  return `${parts.join(', ')}.`;
}

/** Turns a pass that could not run into an error a person can act on. */
function checkStopped(summary: SyncSummary): void {
  switch (summary.stoppedBy) {
    case 'key-rejected':
      throw new CommandError(
        'Offload rejected the API key. Run "offload-console login" ' +
          'with a valid key.',
      );
    case 'no-key':
      throw new CommandError(
        'No API key is configured. Run "offload-console login" or set ' +
          'OFFLOAD_API_KEY.',
      );
    case 'offline':
      throw new CommandError(
        'Offload could not be reached; saved data is unchanged.',
      );
    default:
  }
}

/** `sync [--follow]`. */
export async function syncCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('follow');
  if (command.positionals.length > 0) {
    throw new UsageError('sync takes no arguments.');
  }
  const engine = ctx.engine();
  const unsubscribe = engine.on((event) => {
    const line = describeEvent(event);
    if (line && !ctx.json) ctx.io.stderr.write(`${line}\n`);
  });
  const progress = new ProgressLine(ctx.io.stderr);
  try {
    const summary = await engine.syncOnce({
      onProgress: (done, total) => progress.update(`sync ${done}/${total}`),
    });
    progress.done();
    if (ctx.json) printJson(ctx.io, summary);
    else ctx.io.stdout.write(`${summaryLine(summary)}\n`);
    if (summary.failed > 0) ctx.failed = true;
    checkStopped(summary);

    if (command.flag('follow')) {
      ctx.io.stderr.write('Polling; press Ctrl+C to stop.\n');
      engine.start();
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
  } finally {
    progress.done();
    unsubscribe();
  }
}

/** `answer <case|reference> --text T | --file F`. */
export async function answerCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('text', 'file');
  const [target, extra] = command.positionals;
  if (!target || extra) {
    throw new UsageError('answer takes one case id or reference.');
  }
  const text = command.string('text');
  const file = command.string('file');
  if ((text === undefined) === (file === undefined)) {
    throw new UsageError('answer needs exactly one of --text or --file.');
  }
  let answer = text ?? '';
  if (file !== undefined) {
    const bytes = await readFile(file).catch((error: unknown) => {
      throw new CommandError(
        `Could not read ${file}: ${(error as NodeJS.ErrnoException).code}.`,
      );
    });
    if (bytes.length > MAX_ANSWER_BYTES) {
      throw new CommandError(`${file} is larger than 100 KB.`);
    }
    answer = bytes.toString('utf8');
  }
  if (answer.trim() === '') throw new UsageError('The answer is empty.');

  const caseId = ctx.resolveOne(target);
  // Answer the question the case asks now, not one a stale snapshot holds.
  await ctx.engine().refresh(caseId);
  const view = ctx.store().snapshot(caseId)?.view;
  const request = view?.inputRequest;
  if (!view || !request) {
    throw new CommandError(`Case ${caseId} has no question to answer.`);
  }
  const result = await ctx.answers().submit(caseId, request.id, answer);
  if (ctx.json) printJson(ctx.io, { ...result, view: undefined });
  else ctx.io.stdout.write(`${result.message}\n`);
  if (result.outcome !== 'accepted') ctx.failed = true;
}
