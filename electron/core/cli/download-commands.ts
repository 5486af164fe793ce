import { resolve } from 'node:path';
import { downloadFolder } from '../app-paths.ts';
import { DownloadManager } from '../downloads/download-manager.ts';
import type { DownloadJob } from '../downloads/download-job.ts';
import { isLoopbackHost } from '../downloads/download-url-policy.ts';
import type { CliContext, ParsedCommand } from './cli-context.ts';
import { CommandError, printJson, ProgressLine, UsageError } from './cli-io.ts';

// `download <case|reference> [attachmentId…] [--dir DIR]`: saves a case's
// attachments with the same queue the app uses. On a terminal one line
// shows the progress of all files; otherwise only a line per finished
// file is printed. Exit code 1 unless every file arrived.

const BAR_WIDTH = 24;
const MB = 1_000_000;

/** `download <case|reference> [attachmentId…] [--dir DIR]`. */
export async function downloadCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('dir');
  const [target, ...attachmentIds] = command.positionals;
  if (!target) {
    throw new UsageError(
      'download takes a case id or reference, then optionally the ids of ' +
        'the attachments wanted.',
    );
  }
  const dirOption = command.string('dir');
  if (dirOption !== undefined && dirOption.trim() === '') {
    throw new UsageError('--dir needs a folder.');
  }
  const caseId = ctx.resolveOne(target);
  const client = await ctx.client();
  if (client === null) {
    throw new CommandError(
      'No API key is configured. Run "offload-console login" or set ' +
        'OFFLOAD_API_KEY.',
    );
  }
  // A case added but never synced has no attachment list yet.
  if (ctx.store().snapshot(caseId) === undefined) {
    await ctx.engine().refresh(caseId);
  }

  const settings = ctx.settings().get();
  const folder =
    dirOption === undefined
      ? downloadFolder(settings.downloadFolder)
      : resolve(dirOption);
  const baseUrl = ctx.baseUrl();
  const manager = new DownloadManager({
    store: ctx.store(),
    getClient: async () => client,
    folder: () => folder,
    // --dir names the exact folder wanted.
    perCaseFolder: () =>
      dirOption === undefined && settings.downloadFolderPerCase,
    allowLoopbackHttp: () =>
      baseUrl !== undefined && isLoopbackHost(new URL(baseUrl)),
    logger: ctx.logger,
  });

  const progress = new ProgressLine(ctx.io.stdout);
  const jobs = new Map<string, DownloadJob>();
  const unsubscribe = manager.on((event) => {
    jobs.set(event.job.id, event.job);
    if (event.type === 'download-state' && !ctx.json) {
      const line = finishedLine(event.job);
      if (line !== null) {
        progress.done();
        const stream =
          event.job.state === 'done' ? ctx.io.stdout : ctx.io.stderr;
        stream.write(`${line}\n`);
      }
    }
    if (!ctx.json) progress.update(progressText([...jobs.values()]));
  });
  const interrupt = () => void manager.close();
  process.once('SIGINT', interrupt);
  try {
    for (const job of manager.enqueue(
      caseId,
      attachmentIds.length > 0 ? attachmentIds : undefined,
    )) {
      jobs.set(job.id, job);
    }
    if (jobs.size === 0 && !ctx.json) {
      ctx.io.stdout.write(`Case ${caseId} has no attachments.\n`);
    }
    await manager.idle();
  } finally {
    process.removeListener('SIGINT', interrupt);
    progress.done();
    unsubscribe();
    await manager.close();
  }

  const finished = [...jobs.values()];
  if (ctx.json) printJson(ctx.io, finished);
  if (finished.some((job) => job.state !== 'done')) ctx.failed = true;
}

/** The line printed when a file ends, or null while it runs. */
function finishedLine(job: DownloadJob): string | null {
  switch (job.state) {
    case 'done':
      return (
        `Saved ${job.path ?? job.fileName} (${job.bytes} bytes, ` +
        `SHA-256 ${job.sha256 ?? '?'})`
      );
    case 'failed':
      return `Failed ${job.fileName}: ${job.error?.message ?? 'unknown error'}`;
    case 'cancelled':
      return `Cancelled ${job.fileName}; its partial file was removed.`;
    default:
      return null;
  }
}

/** `[#####.....]  45%  1/3 files  12.0/26.5 MB  18.2 MB/s`. */
function progressText(jobs: readonly DownloadJob[]): string {
  const total = jobs.reduce((sum, job) => sum + job.total, 0);
  const bytes = jobs.reduce((sum, job) => sum + job.bytes, 0);
  const rate = jobs.reduce(
    (sum, job) => (job.state === 'running' ? sum + job.bytesPerSecond : sum),
    0,
  );
  const ended = jobs.filter(
    (job) =>
      job.state === 'done' ||
      job.state === 'failed' ||
      job.state === 'cancelled',
  ).length;
  const share = total > 0 ? Math.min(1, bytes / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` +
    `${String(Math.floor(share * 100)).padStart(3)}%  ` +
    `${ended}/${jobs.length} files  ` +
    `${(bytes / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB  ` +
    `${(rate / MB).toFixed(1)} MB/s`
  );
}
