import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openConsoleApp } from '../../electron/app/console-app.ts';
import type { ConsoleApp } from '../../electron/app/console-app.ts';
import { createIpcGate, trustOrigins } from '../../electron/app/ipc-gate.ts';
import { KeytarSecretStore } from '../../electron/core/credentials/keytar-secret-store.ts';
import { openLogFile } from '../../electron/core/log-file.ts';
import { Logger } from '../../electron/core/logger.ts';
import { eventChannel } from '../../shared/ipc.ts';
import { startSimulator } from '../simulator/simulator.ts';
import type {
  RunningSimulator,
  SimulatorOptions,
} from '../simulator/simulator.ts';
import { bridgeScript } from './bridge-script.ts';
import { launchChromium } from './chromium.ts';
import { RecordingDesktop } from '../support/recording-desktop.ts';
import { builtRenderer } from './renderer-build.ts';
import { serveRenderer } from './static-server.ts';
import type { StaticServer } from './static-server.ts';

// The end-to-end harness (DESIGN.md, "How the renderer is tested without
// Electron"): the built renderer in Debian's Chromium, `window.offload`
// built by the preload's own code, and every call answered by the same
// gate and handler table main.ts binds to ipcMain, backed by the real
// core on a temporary data directory, the real keychain and the Offload
// simulator. Only Electron's transport is replaced.

/** One thing that crossed the bridge to the page, kept as sent. */
export interface Crossing {
  direction: 'result' | 'event';
  channel: string;
  json: string;
}

export interface HarnessOptions {
  simulator?: SimulatorOptions;
  /** Starts the console in demo mode against the simulator. */
  demo?: boolean;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Runs on the fresh data directory before the console opens it. */
  prepare?: (dataDir: string) => Promise<void>;
}

export interface Harness {
  page: Page;
  sim: RunningSimulator;
  app: ConsoleApp;
  desktop: RecordingDesktop;
  dataDir: string;
  logFile: string;
  keychainService: string;
  /** Every result and event that reached the page, in order. */
  crossings: Crossing[];
  /** Loads (or reloads) the console page and waits for it to settle. */
  open(): Promise<void>;
  /** Saves a PNG of the page into the screenshot folder; its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Where screenshots go: OFFLOAD_SCREENSHOTS, else test-results/. */
export function screenshotFolder(): string {
  return resolve(process.env.OFFLOAD_SCREENSHOTS ?? 'test-results/screenshots');
}

/** Starts the simulator, the core, Chromium and the page. */
export async function startHarness(
  options: HarnessOptions = {},
): Promise<Harness> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.toReversed()) await close().catch(() => {});
  };
  try {
    const sim = await startSimulator({
      seed: 11,
      timeScale: 0,
      checkResponses: true,
      ...options.simulator,
    });
    closers.push(() => sim.close());

    const dataDir = await mkdtemp(join(tmpdir(), 'offload-e2e-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    await options.prepare?.(dataDir);
    const log = openLogFile({ logDir: join(dataDir, 'logs') });
    closers.push(async () => log.close());
    const logFile = log.path;
    const logger = new Logger({ level: 'debug', sink: log.sink });

    const keychainService = `Offload Console e2e ${process.pid} ${Date.now()}`;
    const secretStore = new KeytarSecretStore({ service: keychainService });
    const desktop = new RecordingDesktop();
    const app = await openConsoleApp({
      dataDir,
      secretStore,
      desktop,
      logger,
      appInfo: { version: 'e2e', platform: process.platform },
      demo: options.demo ? { baseUrl: sim.url, apiKey: sim.apiKey } : null,
      tuning: { pollTickMs: 50, downloadRetryBaseMs: 10 },
    });
    closers.push(async () => {
      await app.quit();
      for (const account of ['default', 'demo']) {
        await secretStore.delete(account).catch(() => false);
        await secretStore.delete(`${account}:meta`).catch(() => false);
      }
    });

    const [root, script] = await Promise.all([builtRenderer(), bridgeScript()]);
    const server: StaticServer = await serveRenderer(root);
    closers.push(() => server.close());
    const browser = await launchChromium();
    closers.push(() => browser.close());

    const context = await browser.newContext({
      colorScheme: options.colorScheme ?? 'light',
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const crossings: Crossing[] = [];
    const gate = createIpcGate({
      handlers: app.handlers,
      trust: trustOrigins([server.origin]),
      logger,
    });

    await page.exposeBinding(
      'offloadHarnessInvoke',
      async (source, channel: string, args: unknown[]) => {
        const name = channel.replace(/^offload:/, '');
        const result = await gate(
          name,
          {
            url: source.frame.url(),
            isMainFrame: source.frame === source.page.mainFrame(),
          },
          Array.isArray(args) ? args : [],
        );
        crossings.push({
          direction: 'result',
          channel,
          json: JSON.stringify(result),
        });
        return result;
      },
    );
    await page.addInitScript({ content: script });

    const stopEvents = app.onEvent((name, payload) => {
      const channel = eventChannel(name);
      crossings.push({
        direction: 'event',
        channel,
        json: JSON.stringify(payload),
      });
      page
        .evaluate(
          ([target, body]) => {
            const harness = window as unknown as {
              offloadHarnessDeliver?: (
                channel: string,
                payload: unknown,
              ) => void;
            };
            harness.offloadHarnessDeliver?.(target, body);
          },
          [channel, payload] as const,
        )
        .catch(() => {
          // The page may be navigating or closed; the event is recorded.
        });
    });
    closers.push(async () => stopEvents());

    return {
      page,
      sim,
      app,
      desktop,
      dataDir,
      logFile,
      keychainService,
      crossings,
      async open() {
        await page.goto(`${server.origin}/`);
        await page.waitForLoadState('load');
      },
      async screenshot(name) {
        const folder = screenshotFolder();
        mkdirSync(folder, { recursive: true });
        const path = join(folder, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
