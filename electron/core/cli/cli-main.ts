import { DownloadRequestError } from '../downloads/download-job.ts';
import { OffloadError } from '../offload-error.ts';
import { KeychainUnavailableError } from '../credentials/keychain-unavailable-error.ts';
import {
  loginCommand,
  logoutCommand,
  statusCommand,
} from './account-commands.ts';
import { parseCommandLine } from './cli-args.ts';
import { CliContext } from './cli-context.ts';
import type { ParsedCommand } from './cli-context.ts';
import {
  CommandError,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
} from './cli-io.ts';
import type { CliIo } from './cli-io.ts';
import {
  exportCommand,
  listCommand,
  searchCommand,
  showCommand,
} from './case-commands.ts';
import { downloadCommand } from './download-commands.ts';
import { answerCommand, syncCommand } from './sync-commands.ts';
import { watchCommand } from './watch-commands.ts';

// `offload-console`: the console's core from a terminal. Exit codes: 0 ok,
// 1 the command failed, 2 it was called wrongly.

export const USAGE = `Usage: offload-console [--data-dir DIR] [--profile ID] [--json] <command>

Commands:
  login [--base-url URL] [--accept-unverified]
                          verify the API key (stdin or OFFLOAD_API_KEY), store it
  logout                  remove the profile's key from the keychain
  status                  profile, base URL and key status (never the key)
  watch add <id…> [--label L] [--reference R]
  watch remove <id|reference…>
  watch list
  watch import <file>     CSV (caseId, label, clientReferenceId) or one id a line
  sync [--follow]         read every watched case once, or keep polling
  list [--status S]       watched cases, newest change first
  show <id|reference> [--transcript]
  search <words…> [--limit N]
  answer <id|reference> --text T | --file F
  export <id|reference> [--format txt|json] [--file PATH]
  download <id|reference> [attachmentId…] [--dir DIR]
                          save the case's attachments (all when no id is
                          given) to DIR, else the download folder setting,
                          else ~/Downloads; a file is never overwritten

Environment: OFFLOAD_API_KEY and OFFLOAD_BASE_URL (never stored),
OFFLOAD_CONSOLE_DATA_DIR, OFFLOAD_CONSOLE_LOG_LEVEL.
`;

type Command = (ctx: CliContext, command: ParsedCommand) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  login: loginCommand,
  logout: logoutCommand,
  status: statusCommand,
  watch: watchCommand,
  sync: syncCommand,
  list: listCommand,
  show: showCommand,
  search: searchCommand,
  answer: answerCommand,
  export: exportCommand,
  download: downloadCommand,
};

/** The message for an error that reached the top, in words. */
function describeFailure(error: unknown): string {
  if (
    error instanceof CommandError ||
    error instanceof OffloadError ||
    error instanceof DownloadRequestError ||
    error instanceof KeychainUnavailableError
  ) {
    return error.message;
  }
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs one command line and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    const command = parseCommandLine(argv);
    if (command.flag('help') || command.name === 'help') {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const run = COMMANDS[command.name];
    if (!run) {
      throw new UsageError(
        command.name === ''
          ? 'No command given.'
          : `Unknown command "${command.name}".`,
      );
    }
    ctx = new CliContext(io, command);
    await run(ctx, command);
    return ctx.failed ? EXIT_FAILED : EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`offload-console: ${error.message}\n`);
      io.stderr.write('Run "offload-console --help" for usage.\n');
      return EXIT_USAGE;
    }
    io.stderr.write(`offload-console: ${describeFailure(error)}\n`);
    ctx?.logger.debug('command failed', { error });
    return EXIT_FAILED;
  } finally {
    await ctx?.close();
  }
}
