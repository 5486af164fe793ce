import { homedir } from 'node:os';

// One logger for the main process and the core. Records are formatted and
// then redacted at the sink, so no caller can leak a secret by passing it
// in a message or a field: registered secrets (API keys), anything after an
// `x-api-key` header name, the user's home path and e-mail addresses are
// replaced before a line is written anywhere.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_ORDER: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

export type LogFields = Record<string, unknown>;

/** Where finished, redacted lines go (stderr, a rotating file, a test). */
export type LogSink = (line: string, level: LogLevel) => void;

/** Replaces secrets and personal data in text that is about to be written. */
export class Redactor {
  readonly #secrets = new Set<string>();
  readonly #home: string;

  constructor(home: string = homedir()) {
    this.#home = home;
  }

  /** Registers a value (such as an API key) that must never be written. */
  addSecret(value: string): void {
    // Very short values would redact ordinary words; keys are long.
    if (value.length >= 6) this.#secrets.add(value);
  }

  removeSecret(value: string): void {
    this.#secrets.delete(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      out = out.replaceAll(secret, '[redacted]');
    }
    out = out.replace(
      /(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
      '$1[redacted]',
    );
    if (this.#home.length > 1) out = out.replaceAll(this.#home, '~');
    return out.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[address]');
  }
}

function formatFields(fields: LogFields | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return '';
  return ` ${JSON.stringify(fields, (_key, value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message }
      : value,
  )}`;
}

/** A named logger; children add their name in brackets to each line. */
export class Logger {
  readonly #name: string;
  readonly #level: LogLevel;
  readonly #sink: LogSink;
  readonly redactor: Redactor;

  constructor(options: {
    name?: string;
    level?: LogLevel;
    sink: LogSink;
    redactor?: Redactor;
  }) {
    this.#name = options.name ?? 'console';
    this.#level = options.level ?? 'info';
    this.#sink = options.sink;
    this.redactor = options.redactor ?? new Redactor();
  }

  /** A logger for one part of the app, e.g. `[console:client]`. */
  child(name: string): Logger {
    return new Logger({
      name: `${this.#name}:${name}`,
      level: this.#level,
      sink: this.#sink,
      redactor: this.redactor,
    });
  }

  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  #write(level: LogLevel, message: string, fields?: LogFields): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.#level]) return;
    const time = new Date().toISOString();
    const raw = `${time} ${level.toUpperCase()} [${this.#name}] ${message}${formatFields(fields)}`;
    this.#sink(this.redactor.redact(raw), level);
  }
}

/** A sink that writes each line to standard error. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** A logger that drops everything, for callers that pass none. */
export const silentLogger = new Logger({ sink: () => {}, level: 'error' });
