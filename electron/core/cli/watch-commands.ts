import type { WatchEntry } from '../store/case-store-types.ts';
import { parseWatchInput, readWatchFile } from '../store/watch-list-input.ts';
import type { CliContext, ParsedCommand } from './cli-context.ts';
import { formatTable, printJson, UsageError } from './cli-io.ts';

// `watch add|remove|list|import`: the list of case ids this profile polls.
// The API has no list endpoint, so this list is the console's memory.

async function add(ctx: CliContext, command: ParsedCommand): Promise<void> {
  const text = command.positionals.join('\n');
  if (text.trim() === '') {
    throw new UsageError('watch add needs at least one case id.');
  }
  const { entries, problems } = parseWatchInput(text);
  const label = command.string('label');
  const reference = command.string('reference');
  if ((label || reference) && entries.length !== 1) {
    throw new UsageError('--label and --reference apply to one case id.');
  }
  const withExtras: WatchEntry[] = entries.map((entry) => ({
    ...entry,
    ...(label ? { label } : {}),
    ...(reference ? { clientReferenceId: reference } : {}),
  }));
  report(ctx, ctx.store().watch(withExtras, 'cli', ctx.now()), problems);
}

async function importFile(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  const [file, extra] = command.positionals;
  if (!file || extra) {
    throw new UsageError('watch import takes one file (CSV or text).');
  }
  const { entries, problems } = await readWatchFile(file);
  report(ctx, ctx.store().watch(entries, 'file', ctx.now()), problems);
}

function report(
  ctx: CliContext,
  result: { added: string[]; already: string[] },
  problems: readonly { line: number; text: string; reason: string }[],
): void {
  if (ctx.json) {
    printJson(ctx.io, { ...result, problems });
  } else {
    ctx.io.stdout.write(
      `Added ${result.added.length} case(s); ` +
        `${result.already.length} already watched.\n`,
    );
    for (const problem of problems) {
      ctx.io.stderr.write(
        `line ${problem.line}: ${problem.reason}: ${problem.text}\n`,
      );
    }
  }
  if (problems.length > 0 && result.added.length === 0) {
    ctx.failed = true;
  }
}

async function remove(ctx: CliContext, command: ParsedCommand): Promise<void> {
  if (command.positionals.length === 0) {
    throw new UsageError('watch remove needs a case id or reference.');
  }
  const ids = command.positionals.flatMap((value) => ctx.resolveCase(value));
  const removed = ctx.store().unwatch(ids);
  if (ctx.json) printJson(ctx.io, { removed: ids });
  else ctx.io.stdout.write(`Stopped watching ${removed} case(s).\n`);
}

async function list(ctx: CliContext): Promise<void> {
  const watched = ctx.store().watched();
  if (ctx.json) {
    printJson(ctx.io, watched);
    return;
  }
  ctx.io.stdout.write(
    formatTable(
      ['CASE', 'REFERENCE', 'LABEL', 'ADDED', 'FLAG'],
      watched.map((entry) => [
        entry.caseId,
        entry.clientReferenceId ?? '',
        entry.label ?? '',
        new Date(entry.addedAt).toISOString(),
        entry.flag ?? '',
      ]),
    ),
  );
}

const SUBCOMMANDS: Record<
  string,
  (ctx: CliContext, command: ParsedCommand) => Promise<void>
> = { add, remove, list, import: importFile };

/** Runs `watch <subcommand>`. */
export async function watchCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  const [name, ...rest] = command.positionals;
  const run = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!run) {
    throw new UsageError('watch takes add, remove, list or import.');
  }
  await run(ctx, command.withPositionals(rest));
}
