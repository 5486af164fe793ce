import { userInfo } from 'node:os';
import { join } from 'node:path';
import { AnswerFlow } from '../answers/answer-flow.ts';
import { defaultDataDir, profileDir } from '../app-paths.ts';
import { DEFAULT_BACKOFF } from '../backoff.ts';
import { ApiKeyManager } from '../credentials/api-key-manager.ts';
import { KeytarSecretStore } from '../credentials/keytar-secret-store.ts';
import { Logger } from '../logger.ts';
import type { LogLevel } from '../logger.ts';
import type { OffloadClient } from '../offload-client.ts';
import { openSettings } from '../settings/settings-store.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { openCaseStore } from '../store/case-store.ts';
import type { CaseStore, TranscriptRecord } from '../store/case-store-types.ts';
import { PollEngine } from '../sync/poll-engine.ts';
import { RequestBudget } from '../sync/request-budget.ts';
import type { ParsedCommand } from './cli-args.ts';
import { CommandError } from './cli-io.ts';
import type { CliIo } from './cli-io.ts';

export type { ParsedCommand } from './cli-args.ts';

// Everything a command may need, opened lazily so that `watch list` never
// touches the keychain and `login` never opens the case store. The CLI
// shares the core, the store file and the keychain entries with the app.

const DEFAULT_PROFILE = 'default';

function sanitiseLevel(raw: string | undefined): LogLevel {
  return raw === 'debug' || raw === 'info' || raw === 'error' ? raw : 'warn';
}

export class CliContext {
  readonly io: CliIo;
  readonly json: boolean;
  readonly dataDir: string;
  readonly logger: Logger;
  /** Set by a command that printed its own failure: exit code 1. */
  failed = false;
  #settings: SettingsStore | undefined;
  #store: CaseStore | undefined;
  #keys: ApiKeyManager | undefined;
  #client: Promise<OffloadClient | null> | undefined;
  #budget: RequestBudget | undefined;
  #engine: PollEngine | undefined;
  #answers: AnswerFlow | undefined;
  readonly #profileOption: string | undefined;

  constructor(io: CliIo, command: ParsedCommand) {
    this.io = io;
    this.json = command.flag('json');
    this.dataDir = command.string('data-dir') ?? defaultDataDir(io.env);
    this.#profileOption = command.string('profile');
    this.logger = new Logger({
      name: 'cli',
      level: sanitiseLevel(io.env.OFFLOAD_CONSOLE_LOG_LEVEL),
      sink: (line) => io.stderr.write(`${line}\n`),
    });
  }

  now(): number {
    return Date.now();
  }

  settings(): SettingsStore {
    if (!this.#settings) {
      const opened = openSettings({ cwd: this.dataDir, logger: this.logger });
      if (opened.recovered) {
        this.io.stderr.write(
          `The settings file was damaged; it was kept as ` +
            `${opened.recovered.movedTo} and defaults are in use.\n`,
        );
      }
      this.#settings = opened.settings;
    }
    return this.#settings;
  }

  /** The profile in use: --profile, else the active one, else "default". */
  profile(): string {
    return (
      this.#profileOption ??
      this.settings().get().activeProfileId ??
      DEFAULT_PROFILE
    );
  }

  /** The base URL for the profile, from the environment or the settings. */
  baseUrl(): string | undefined {
    const fromEnv = this.io.env.OFFLOAD_BASE_URL?.trim();
    if (fromEnv) return fromEnv;
    const profile = this.profile();
    return this.settings()
      .get()
      .profiles.find((entry) => entry.id === profile)?.baseUrl;
  }

  store(): CaseStore {
    if (!this.#store) {
      const path = join(profileDir(this.dataDir, this.profile()), 'cases.db');
      // Every command opens the store: the full page-by-page check runs
      // once a day, a light one (header, schema, length) on other opens.
      const opened = openCaseStore(path, {
        logger: this.logger,
        integrityCheck: 'daily',
      });
      if (opened.recovered) {
        this.io.stderr.write(
          `The case store was damaged (${opened.recovered.reason}); it was ` +
            `kept as ${opened.recovered.movedTo} and a fresh one was made ` +
            `with the ${opened.restoredWatchEntries} watched case(s) that ` +
            `could be read back. Run "offload-console sync" to refill it.\n`,
        );
      }
      this.#store = opened.store;
    }
    return this.#store;
  }

  keys(): ApiKeyManager {
    this.#keys ??= new ApiKeyManager({
      secretStore: new KeytarSecretStore(),
      env: this.io.env,
      logger: this.logger,
      // The poll engine backs off per case and pauses the shared budget on
      // 429; retries inside the client would only delay that.
      clientSettings: { backoff: { ...DEFAULT_BACKOFF, maxAttempts: 1 } },
    });
    return this.#keys;
  }

  /** Case ids for a case id or clientReferenceId; none is an error. */
  resolveCase(idOrReference: string): string[] {
    const ids = this.store().resolve(idOrReference);
    if (ids.length === 0) {
      throw new CommandError(
        `No watched case matches "${idOrReference}". Add it with ` +
          `"offload-console watch add <caseId>".`,
      );
    }
    return ids;
  }

  /** Exactly one case for an id or reference; several is an error. */
  resolveOne(idOrReference: string): string {
    const [first, ...others] = this.resolveCase(idOrReference);
    if (!first || others.length > 0) {
      throw new CommandError(
        `"${idOrReference}" is the reference of ${others.length + 1} ` +
          `cases (${[first, ...others].join(', ')}); name one by case id.`,
      );
    }
    return first;
  }

  /** The client for the profile's key; an error in words when unusable. */
  client(): Promise<OffloadClient | null> {
    this.#client ??= (async () => {
      const baseUrl = this.baseUrl();
      if (!baseUrl) {
        throw new CommandError(
          `Profile "${this.profile()}" has no Offload base URL. Run ` +
            `"offload-console login --base-url https://…".`,
        );
      }
      return this.keys().clientFor(this.profile(), baseUrl);
    })();
    return this.#client;
  }

  budget(): RequestBudget {
    this.#budget ??= new RequestBudget({
      perSecond: this.settings().get().requestBudgetPerSecond,
    });
    return this.#budget;
  }

  engine(): PollEngine {
    if (!this.#engine) {
      const settings = this.settings().get();
      this.#engine = new PollEngine({
        store: this.store(),
        getClient: () => this.client(),
        budget: this.budget(),
        settings: {
          pollIntervalSeconds: settings.pollIntervalSeconds,
          concurrency: settings.concurrency,
        },
        logger: this.logger,
      });
    }
    return this.#engine;
  }

  answers(): AnswerFlow {
    this.#answers ??= new AnswerFlow({
      store: this.store(),
      getClient: () => this.client(),
      budget: this.budget(),
      engine: this.engine(),
      who: userInfo().username,
      logger: this.logger,
    });
    return this.#answers;
  }

  /** Fetches and saves a transcript; undefined (with a note) on failure. */
  async fetchTranscript(caseId: string): Promise<TranscriptRecord | undefined> {
    const result = await this.engine().refreshTranscript(caseId);
    if (result.ok) return result.transcript;
    this.io.stderr.write(
      `The transcript could not be fetched: ${result.error.message}\n`,
    );
    return undefined;
  }

  async close(): Promise<void> {
    await this.#engine?.stop();
    this.#store?.close();
  }
}
