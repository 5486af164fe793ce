import { writeFile } from 'node:fs/promises';
import {
  attemptsWords,
  nextActionWords,
  resultStatusWords,
  statusWords,
} from '../../../shared/offload/case-words.ts';
import { inputState } from '../../../shared/offload/case-rules.ts';
import { parseTranscript } from '../../../shared/offload/transcript.ts';
import {
  SEARCH_MARK_END,
  SEARCH_MARK_START,
} from '../store/case-store-types.ts';
import type { CaseSnapshot } from '../store/case-store-types.ts';
import type { CliContext, ParsedCommand } from './cli-context.ts';
import {
  CommandError,
  formatTable,
  printJson,
  truncate,
  UsageError,
} from './cli-io.ts';

// Commands that read what the store holds: `list`, `show`, `search` and
// `export`. They work offline; `show --transcript` fetches a transcript
// only when none is saved yet.

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** `list [--status S]`: every watched case, newest change first. */
export async function listCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('status');
  const wanted = command.string('status')?.toUpperCase();
  const cases = ctx
    .store()
    .listCases()
    .filter((item) => !wanted || (item.status ?? 'UNKNOWN') === wanted)
    .toSorted((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
  if (ctx.json) {
    printJson(ctx.io, cases);
    return;
  }
  if (cases.length === 0) {
    ctx.io.stdout.write(
      wanted ? `No watched case is ${wanted}.\n` : 'No cases watched yet.\n',
    );
    return;
  }
  ctx.io.stdout.write(
    formatTable(
      ['CASE', 'STATUS', 'REFERENCE', 'COUNTERPARTY', 'OBJECTIVE', 'CHANGED'],
      cases.map((item) => [
        item.caseId,
        `${item.unseen ? '*' : ''}${item.flag ?? item.status ?? 'not fetched'}`,
        item.clientReferenceId ?? item.label ?? '',
        truncate(item.counterpartyName ?? '', 24),
        truncate(item.objective ?? '', 40),
        item.updatedAt ? iso(item.updatedAt) : '',
      ]),
    ),
  );
}

function describeCase(snapshot: CaseSnapshot): string {
  const view = snapshot.view;
  const lines = [
    `Case         ${view.caseId}`,
    `Reference    ${view.clientReferenceId ?? '-'}`,
    `Status       ${statusWords(view.status)} (${view.status})`,
  ];
  if (view.resultStatus) {
    lines.push(
      `Result       ${resultStatusWords(view.resultStatus)} ` +
        `(${view.resultStatus})`,
    );
  }
  lines.push(
    `Counterparty ${view.counterparty.name} <${view.counterparty.address}>`,
    `Sender       ${view.senderPersona.name}`,
    `Objective    ${view.goal.objective}`,
    `Attempts     ${attemptsWords(view)}`,
    `Next action  ${nextActionWords(view, iso)}`,
    `Created      ${iso(view.createdAt)}`,
    `Updated      ${iso(view.updatedAt)}`,
    `Fetched      ${iso(snapshot.fetchedAt)}`,
  );
  for (const constraint of view.constraints ?? []) {
    lines.push(`Constraint   ${constraint}`);
  }
  const state = inputState(view);
  if (state !== 'none' && view.inputRequest) {
    lines.push(
      `Question     ${view.inputRequest.question}`,
      state === 'answerable'
        ? `Answer with  offload-console answer ${view.caseId} --text "…"`
        : 'Answer sent, waiting for Offload',
    );
  }
  if (view.result) {
    lines.push(`Result data  ${JSON.stringify(view.result, null, 2)}`);
  }
  for (const attachment of view.attachments) {
    lines.push(
      `Attachment   ${attachment.name ?? attachment.attachmentId} ` +
        `(${attachment.size} bytes)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatTranscript(text: string | null): string {
  if (text === null) return 'No e-mail thread yet.\n';
  const parsed = parseTranscript(text);
  if (!parsed.ok) return `${text}\n`;
  return parsed.messages
    .map(
      (message) =>
        `── ${message.name} <${message.address}>, ${message.timestamp}\n` +
        `${message.body}\n`,
    )
    .join('\n');
}

function snapshotOf(ctx: CliContext, caseId: string): CaseSnapshot {
  const snapshot = ctx.store().snapshot(caseId);
  if (!snapshot) {
    const flag = ctx.store().watchedCase(caseId)?.flag;
    throw new CommandError(
      flag === 'not-found'
        ? `Offload has no case ${caseId}; check the id, or remove it with ` +
            `"offload-console watch remove ${caseId}".`
        : flag === 'forbidden'
          ? `Case ${caseId} belongs to another Offload account than this ` +
            `key's; log in with that account's key to read it.`
          : `Case ${caseId} has not been fetched yet. Run ` +
            `"offload-console sync".`,
    );
  }
  return snapshot;
}

/** `show <case|reference> [--transcript]`. */
export async function showCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('transcript');
  const [target, extra] = command.positionals;
  if (!target || extra) {
    throw new UsageError('show takes one case id or reference.');
  }
  const caseId = ctx.resolveOne(target);
  const snapshot = snapshotOf(ctx, caseId);
  const store = ctx.store();
  let transcript = command.flag('transcript')
    ? store.transcript(caseId)
    : undefined;
  if (command.flag('transcript') && !transcript) {
    transcript = await ctx.fetchTranscript(caseId);
  }
  if (ctx.json) {
    printJson(ctx.io, {
      ...snapshot,
      timeline: store.timeline(caseId),
      answers: store.answers(caseId),
      ...(transcript ? { transcript } : {}),
    });
    return;
  }
  ctx.io.stdout.write(describeCase(snapshot));
  for (const event of store.timeline(caseId)) {
    ctx.io.stdout.write(`Event        ${iso(event.at)} ${event.type}\n`);
  }
  for (const answer of store.answers(caseId)) {
    ctx.io.stdout.write(
      `Answered     ${iso(answer.at)} by ${answer.who}: ${answer.outcome}\n`,
    );
  }
  if (transcript) {
    ctx.io.stdout.write(
      `\nTranscript (saved ${iso(transcript.fetchedAt)})\n\n` +
        formatTranscript(transcript.text),
    );
  }
}

/** `search <words…>`: snippets from transcripts and case fields. */
export async function searchCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('limit');
  const query = command.positionals.join(' ').trim();
  if (query === '') throw new UsageError('search needs words to look for.');
  const limit = Number(command.string('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new UsageError('--limit must be a whole number from 1 to 500.');
  }
  const hits = ctx.store().search(query, limit);
  if (ctx.json) {
    printJson(ctx.io, hits);
    return;
  }
  if (hits.length === 0) {
    ctx.io.stdout.write(`Nothing matches "${query}".\n`);
    return;
  }
  // On a terminal matches are shown in bold; elsewhere in [brackets].
  const [open, close] = ctx.io.stdout.isTTY
    ? ['\u001b[1m', '\u001b[22m']
    : ['[', ']'];
  for (const hit of hits) {
    const snippet = hit.snippet
      .replaceAll(SEARCH_MARK_START, open)
      .replaceAll(SEARCH_MARK_END, close)
      .replace(/\s+/g, ' ');
    ctx.io.stdout.write(`${hit.caseId}  ${hit.field}  ${snippet}\n`);
  }
}

/** `export <case|reference> --format txt|json [--file path]`. */
export async function exportCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('format', 'file');
  const [target, extra] = command.positionals;
  if (!target || extra) {
    throw new UsageError('export takes one case id or reference.');
  }
  const format = command.string('format') ?? 'txt';
  if (format !== 'txt' && format !== 'json') {
    throw new UsageError('--format must be txt or json.');
  }
  const caseId = ctx.resolveOne(target);
  const snapshot = snapshotOf(ctx, caseId);
  const store = ctx.store();
  const transcript =
    store.transcript(caseId) ?? (await ctx.fetchTranscript(caseId));
  let output: string;
  if (format === 'json') {
    const parsed = transcript?.text ? parseTranscript(transcript.text) : null;
    output = `${JSON.stringify(
      {
        case: snapshot.view,
        fetchedAt: snapshot.fetchedAt,
        transcript: transcript ?? null,
        messages: parsed?.ok ? parsed.messages : null,
        timeline: store.timeline(caseId),
        answers: store.answers(caseId),
      },
      null,
      2,
    )}\n`;
  } else {
    output =
      describeCase(snapshot) +
      '\n' +
      (transcript
        ? formatTranscript(transcript.text)
        : 'Transcript not available.\n');
  }
  const file = command.string('file');
  if (file) {
    await writeFile(file, output, { flag: 'wx' }).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CommandError(
        code === 'EEXIST'
          ? `${file} already exists; choose another name.`
          : `Could not write ${file}: ${code ?? String(error)}.`,
      );
    });
    if (!ctx.json) ctx.io.stdout.write(`Exported ${caseId} to ${file}.\n`);
  } else {
    ctx.io.stdout.write(output);
  }
}
