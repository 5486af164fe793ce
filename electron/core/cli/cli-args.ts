import { parseArgs } from 'node:util';
import { UsageError } from './cli-io.ts';

// Command-line parsing: global options, the command word, its own options.
// One option table for all commands keeps the help and the parser in step;
// each command then says which of them it accepts.

const OPTIONS = {
  'data-dir': { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'base-url': { type: 'string' },
  'accept-unverified': { type: 'boolean' },
  label: { type: 'string' },
  reference: { type: 'string' },
  status: { type: 'string' },
  transcript: { type: 'boolean' },
  follow: { type: 'boolean' },
  text: { type: 'string' },
  file: { type: 'string' },
  format: { type: 'string' },
  limit: { type: 'string' },
  dir: { type: 'string' },
} as const;

export type OptionName = keyof typeof OPTIONS;
const GLOBAL_OPTIONS: readonly OptionName[] = [
  'data-dir',
  'profile',
  'json',
  'help',
];

/** A command word, its positionals and the options given. */
export class ParsedCommand {
  readonly name: string;
  readonly positionals: readonly string[];
  readonly #values: Partial<Record<OptionName, string | boolean>>;

  constructor(
    name: string,
    positionals: readonly string[],
    values: Partial<Record<OptionName, string | boolean>>,
  ) {
    this.name = name;
    this.positionals = positionals;
    this.#values = values;
  }

  string(option: OptionName): string | undefined {
    const value = this.#values[option];
    return typeof value === 'string' ? value : undefined;
  }

  flag(option: OptionName): boolean {
    return this.#values[option] === true;
  }

  /** The options given, for checking them against what a command takes. */
  given(): OptionName[] {
    return (Object.keys(this.#values) as OptionName[]).filter(
      (option) => this.#values[option] !== undefined,
    );
  }

  withPositionals(positionals: readonly string[]): ParsedCommand {
    return new ParsedCommand(this.name, positionals, this.#values);
  }

  /** Refuses options the command does not take. */
  allow(...options: OptionName[]): this {
    const allowed = new Set([...GLOBAL_OPTIONS, ...options]);
    const stray = this.given().find((option) => !allowed.has(option));
    if (stray) {
      throw new UsageError(`${this.name} does not take --${stray}.`);
    }
    return this;
  }
}

/** Parses argv (without node and the script) into a command. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message.split('\n')[0] : String(error),
    );
  }
  const [name = '', ...positionals] = parsed.positionals;
  return new ParsedCommand(name, positionals, parsed.values);
}
