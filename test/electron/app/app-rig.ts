import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  IpcEventName,
  IpcEvents,
  IpcMethodName,
  IpcResult,
  IpcResults,
} from '../../../shared/ipc.ts';
import {
  openConsoleApp,
  type ConsoleApp,
  type ConsoleAppOptions,
} from '../../../electron/app/console-app.ts';
import { createIpcGate, trustOrigins } from '../../../electron/app/ipc-gate.ts';
import type { SecretStore } from '../../../electron/core/credentials/secret-store.ts';
import { openLogFile, type LogFile } from '../../../electron/core/log-file.ts';
import { Logger, Redactor } from '../../../electron/core/logger.ts';
import { RecordingDesktop } from '../../support/recording-desktop.ts';

// A console app on a temp data directory, called the way the window calls
// it: through the gate, from our origin's main frame. Every result that
// crosses is kept as JSON, every event too, and the log goes to the real
// rotating file in the data directory, so a test can search all of it.

export const APP_ORIGIN = 'app://offload';

export interface AppRig {
  app: ConsoleApp;
  dataDir: string;
  desktop: RecordingDesktop;
  logFile: LogFile;
  /** JSON of every result that crossed the gate. */
  crossed: string[];
  events: { name: IpcEventName; payload: unknown }[];
  call<N extends IpcMethodName>(
    name: N,
    ...args: unknown[]
  ): Promise<IpcResult<IpcResults[N]>>;
  /** Like call, but throws unless the result is ok. */
  value<N extends IpcMethodName>(
    name: N,
    ...args: unknown[]
  ): Promise<IpcResults[N]>;
  eventsOf<E extends IpcEventName>(name: E): IpcEvents[E][];
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'offload-app-'));
}

/** Lets setImmediate work (the badge recount) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function openAppRig(
  options: {
    secretStore: SecretStore;
    dataDir?: string;
  } & Partial<ConsoleAppOptions>,
): Promise<AppRig> {
  const dataDir = options.dataDir ?? tempDataDir();
  const logFile = openLogFile({ logDir: join(dataDir, 'logs') });
  const logger = new Logger({
    level: 'debug',
    sink: logFile.sink,
    redactor: new Redactor(),
  });
  const desktop = new RecordingDesktop();
  const app = await openConsoleApp({
    desktop,
    logger,
    appInfo: { version: '0.1.0-test', platform: 'linux' },
    env: {},
    tuning: { pollTickMs: 3_600_000, downloadRetryBaseMs: 1 },
    ...options,
    dataDir,
  });
  const gate = createIpcGate({
    handlers: app.handlers,
    trust: trustOrigins([APP_ORIGIN]),
    logger,
  });
  const crossed: string[] = [];
  const events: AppRig['events'] = [];
  app.onEvent((name, payload) => {
    events.push({ name, payload: structuredClone(payload) });
  });

  const call = async <N extends IpcMethodName>(
    name: N,
    ...args: unknown[]
  ): Promise<IpcResult<IpcResults[N]>> => {
    const result = await gate(
      name,
      { url: `${APP_ORIGIN}/index.html`, isMainFrame: true },
      args,
    );
    crossed.push(JSON.stringify(result));
    return result as IpcResult<IpcResults[N]>;
  };

  return {
    app,
    dataDir,
    desktop,
    logFile,
    crossed,
    events,
    call,
    async value(name, ...args) {
      const result = await call(name, ...args);
      if (!result.ok) {
        throw new Error(
          `${name} failed: ${result.error.kind}: ${result.error.message}`,
        );
      }
      return result.value;
    },
    eventsOf<E extends IpcEventName>(name: E) {
      return events
        .filter((event) => event.name === name)
        .map((event) => event.payload as IpcEvents[E]);
    },
    async close() {
      await app.quit();
      logFile.close();
    },
  };
}

/** Removes a data directory made by tempDataDir. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
