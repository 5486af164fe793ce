import { normaliseBaseUrl } from '../offload-client.ts';
import type { CliContext, ParsedCommand } from './cli-context.ts';
import { CommandError, printJson, UsageError } from './cli-io.ts';
import type { CliIo } from './cli-io.ts';

// `login` and `logout`: the profile's base URL and API key. The key comes
// from OFFLOAD_API_KEY or standard input (typed without echo on a
// terminal), is verified against Offload, and only then stored in the OS
// keychain. It is never printed, and never passed as an argument, where
// other users of the machine could read it in the process list.

/** Reads one line from stdin; on a terminal the typing is not echoed. */
async function readKey(io: CliIo): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  const hidden = Boolean(stdin.isTTY && stdin.setRawMode);
  if (hidden) {
    io.stderr.write('Offload API key (input hidden): ');
    stdin.setRawMode(true);
  }
  let text = '';
  try {
    for await (const chunk of stdin) {
      text += String(chunk);
      // Ctrl+C while the terminal is raw would otherwise be swallowed.
      if (hidden && text.includes('\u0003')) throw new UsageError('Cancelled.');
      if (/[\r\n]/.test(text)) break;
    }
  } finally {
    if (hidden) {
      stdin.setRawMode(false);
      io.stderr.write('\n');
    }
  }
  return text.split(/\r?\n|\r/)[0] ?? '';
}

/** `login [--base-url URL] [--accept-unverified]`. */
export async function loginCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow('base-url', 'accept-unverified');
  if (command.positionals.length > 0) {
    throw new UsageError(
      'login takes no arguments: pipe the key on standard input or set ' +
        'OFFLOAD_API_KEY.',
    );
  }
  const profile = ctx.profile();
  const given = command.string('base-url');
  let baseUrl: string;
  try {
    baseUrl = normaliseBaseUrl(given ?? ctx.baseUrl() ?? '');
  } catch (error) {
    throw new UsageError(
      given === undefined
        ? `Profile "${profile}" has no base URL yet: add --base-url https://….`
        : (error as Error).message,
    );
  }

  const key = ctx.io.env.OFFLOAD_API_KEY ?? (await readKey(ctx.io));
  if (key.trim() === '') throw new UsageError('No API key was given.');

  const result = await ctx.keys().setKey(profile, baseUrl, key, {
    acceptUnverified: command.flag('accept-unverified'),
  });
  if (result.outcome !== 'saved') {
    const hint =
      result.outcome === 'unverified'
        ? ' Add --accept-unverified to store it anyway.'
        : '';
    throw new CommandError(`${result.message}${hint}`);
  }

  // Remember the profile and its URL once the key is in.
  const settings = ctx.settings();
  const current = settings.get();
  const others = current.profiles.filter((entry) => entry.id !== profile);
  settings.update({
    profiles: [...others, { id: profile, name: profile, baseUrl }],
    activeProfileId: current.activeProfileId ?? profile,
  });

  if (ctx.json) {
    printJson(ctx.io, { profile, baseUrl, ...result });
  } else {
    ctx.io.stdout.write(
      result.verifiedAt === null
        ? `Key stored for "${profile}" without verification.\n`
        : `Key verified and stored for "${profile}" (${baseUrl}).\n`,
    );
  }
}

/** `logout`: removes the profile's key from the keychain. */
export async function logoutCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow();
  if (command.positionals.length > 0) {
    throw new UsageError('logout takes no arguments.');
  }
  const removed = await ctx.keys().removeKey(ctx.profile());
  if (ctx.json) {
    printJson(ctx.io, { profile: ctx.profile(), removed });
  } else {
    ctx.io.stdout.write(
      removed
        ? `Key removed for "${ctx.profile()}".\n`
        : `No key was stored for "${ctx.profile()}".\n`,
    );
  }
}

/** `status`: which profile, which URL, and what is known of its key. */
export async function statusCommand(
  ctx: CliContext,
  command: ParsedCommand,
): Promise<void> {
  command.allow();
  const status = await ctx.keys().status(ctx.profile());
  const summary = {
    profile: ctx.profile(),
    baseUrl: ctx.baseUrl() ?? null,
    key: status,
  };
  if (ctx.json) {
    printJson(ctx.io, summary);
    return;
  }
  const verified =
    status.verifiedAt === null
      ? 'not verified'
      : `verified ${new Date(status.verifiedAt).toISOString()}`;
  ctx.io.stdout.write(
    `Profile   ${summary.profile}\n` +
      `Base URL  ${summary.baseUrl ?? '(none)'}\n` +
      `API key   ${
        status.configured ? `from ${status.source}, ${verified}` : 'none'
      }\n` +
      (status.keychain === 'unavailable'
        ? 'Keychain  not reachable: keys cannot be stored here.\n'
        : ''),
  );
  if (!status.configured) throw new CommandError('No API key configured.');
}
