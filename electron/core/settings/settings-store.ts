import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Conf from 'conf';
import type { Options, Schema } from 'conf';
import {
  Settings,
  SettingsPatch,
  mergeSettings,
  settingsFieldPath,
  settingsJsonSchema,
} from '../../../shared/settings.ts';
import { silentLogger } from '../logger.ts';
import type { Logger } from '../logger.ts';
import { setAsideIfCorrupt } from './corrupt-settings-file.ts';
import type { RecoveredSettings } from './corrupt-settings-file.ts';
import { SettingsValidationError } from './settings-validation-error.ts';

// The settings file, read and written through conf, the engine under
// electron-store, with the JSON Schema from shared/settings.ts. conf writes
// with `atomically` (a temp file in the same folder, fsync, then rename over
// the old file), so a crash mid-write leaves the previous file whole.
// TODO(settings): changes made to the file by another process while the
// app runs are not picked up; the app is the file's only writer today.

/** The file name (without `.json`) the console uses, in Node and Electron. */
export const SETTINGS_CONFIG_NAME = 'settings';

export type SettingsListener = (settings: Settings, previous: Settings) => void;

/** Reads and changes the settings; every change is checked first. */
export interface SettingsStore {
  /** Where the file is. */
  readonly path: string;
  /** A copy of the current settings. */
  get(): Settings;
  /**
   * Applies a patch and writes the file; throws SettingsValidationError
   * naming the field, with nothing written, when the result is invalid.
   */
  update(patch: SettingsPatch): Settings;
  /** Called after each update that changed something. */
  onChange(listener: SettingsListener): () => void;
}

export interface OpenSettingsOptions {
  /** The folder holding the file (the app's data directory). */
  cwd: string;
  /** File name without `.json`; default `settings`. */
  configName?: string;
  logger?: Logger;
  /** Clock for the name of a set-aside file. */
  now?: () => Date;
  /**
   * Makes the store behind the settings: conf by default; the app passes
   * electron-store, which is conf with Electron's defaults and takes the
   * same options.
   */
  createStore?: SettingsBackend;
}

/** Builds the conf-compatible store the settings are kept in. */
export type SettingsBackend = (options: Options<Settings>) => Conf<Settings>;

export interface OpenedSettings {
  settings: SettingsStore;
  /** Set when the file was damaged and moved aside; the UI tells the user. */
  recovered: RecoveredSettings | null;
}

function validationError(issue: {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}): SettingsValidationError {
  const path = [...issue.path];
  let reason = issue.message;
  // An unknown field is reported as that field, not as its parent.
  if (issue.code === 'unrecognized_keys' && issue.keys?.[0]) {
    path.push(issue.keys[0]);
    reason = 'is not a setting';
  }
  return new SettingsValidationError(settingsFieldPath(path), reason);
}

class ConfSettingsStore implements SettingsStore {
  readonly #conf: Conf<Settings>;
  readonly #log: Logger;
  readonly #listeners = new Set<SettingsListener>();
  #current: Settings;

  constructor(conf: Conf<Settings>, current: Settings, log: Logger) {
    this.#conf = conf;
    this.#current = current;
    this.#log = log;
  }

  get path(): string {
    return this.#conf.path;
  }

  get(): Settings {
    return structuredClone(this.#current);
  }

  update(patch: SettingsPatch): Settings {
    const checkedPatch = SettingsPatch.safeParse(patch);
    if (!checkedPatch.success) {
      throw validationError(checkedPatch.error.issues[0]!);
    }
    const next = Settings.safeParse(
      mergeSettings(this.#current, checkedPatch.data),
    );
    if (!next.success) throw validationError(next.error.issues[0]!);
    if (isDeepStrictEqual(next.data, this.#current)) return this.get();

    // Writes the whole file at once; a failed write leaves #current as is.
    this.#conf.store = next.data;
    const previous = this.#current;
    this.#current = next.data;
    this.#log.info('settings changed', {
      fields: Object.keys(checkedPatch.data),
    });
    for (const listener of this.#listeners) {
      try {
        listener(this.get(), structuredClone(previous));
      } catch (error) {
        this.#log.error('a settings listener failed', { error });
      }
    }
    return this.get();
  }

  onChange(listener: SettingsListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}

/**
 * Opens (or creates) the settings file in `cwd`. A damaged file is moved to
 * `<file>.corrupt-<time>` and the settings start from defaults.
 */
export function openSettings(options: OpenSettingsOptions): OpenedSettings {
  const log = (options.logger ?? silentLogger).child('settings');
  const configName = options.configName ?? SETTINGS_CONFIG_NAME;
  const now = options.now ?? (() => new Date());

  // conf reads the file as it is constructed, so damage is handled first.
  const file = join(resolve(options.cwd), `${configName}.json`);
  const recovered = setAsideIfCorrupt(file, now());
  if (recovered) {
    log.warn('the settings file was damaged; kept it aside, using defaults', {
      reason: recovered.reason,
      movedTo: recovered.movedTo,
    });
  }

  const createStore =
    options.createStore ?? ((confOptions) => new Conf<Settings>(confOptions));
  const conf = createStore({
    cwd: options.cwd,
    configName,
    schema: settingsJsonSchema as Schema<Settings>,
    // Never let conf wipe a file; a damaged one was moved aside above.
    clearInvalidConfig: false,
  });
  const settings = new ConfSettingsStore(conf, Settings.parse(conf.store), log);
  return { settings, recovered };
}
