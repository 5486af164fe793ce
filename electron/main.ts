import ElectronStore from 'electron-store';
import { join } from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  protocol,
  session,
  type BrowserWindow,
} from 'electron';
import { openConsoleApp } from './app/console-app.ts';
import { DEEP_LINK_SCHEME } from './app/deep-link.ts';
import { createIpcGate, trustOrigins } from './app/ipc-gate.ts';
import { isSafeExternalUrl } from './app/url-guards.ts';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  registerAppScheme,
  serveAppFiles,
} from './app-protocol.ts';
import { KeytarSecretStore } from './core/credentials/keytar-secret-store.ts';
import { openLogFile } from './core/log-file.ts';
import { Logger, stderrSink } from './core/logger.ts';
import { DeepLinkInbox } from './deep-link-inbox.ts';
import { ElectronDesktop, focusWindow } from './electron-desktop.ts';
import { installGracefulQuit } from './graceful-quit.ts';
import { bindIpcHandlers, sendEvent } from './ipc-binding.ts';
import { openMainWindow } from './main-window.ts';
import { deepLinkFromArgv, takeRunOptions } from './run-options.ts';
import { RENDERER_CSP, developmentCsp, setUpSession } from './session-setup.ts';

// The Electron main process: it only wires the console (electron/app/,
// plain Node) to a window. Built to dist/electron/main.js, beside
// preload.cjs; the renderer is in dist/renderer.

const run = takeRunOptions(process.env, { packaged: app.isPackaged });
if (run.dataDir !== null) {
  app.setPath('userData', run.dataDir);
  app.setAppLogsPath(join(run.dataDir, 'logs'));
}

const inbox = new DeepLinkInbox();
let window: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another console runs: it got our arguments (and deep link) already.
  app.quit();
} else {
  const firstLink = deepLinkFromArgv(process.argv);
  if (firstLink !== null) inbox.receive(firstLink);
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkFromArgv(argv);
    if (link !== null) inbox.receive(link);
    focusWindow(window);
  });
  // macOS hands links over as an event, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.receive(url);
  });
  // Installers register the scheme too; this covers the AppImage. Not in
  // development, where it would point the OS at a bare Electron.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  registerAppScheme(protocol);
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const logFile = openLogFile({ logDir: app.getPath('logs') });
  const logger = new Logger({
    sink: (line, level) => {
      logFile.sink(line, level);
      if (!app.isPackaged) stderrSink(line, level);
    },
  });
  for (const reason of run.ignored) logger.warn(reason);

  // Security set-up comes before anything can load a page.
  const appOrigin = run.devServerUrl ?? APP_ORIGIN;
  serveAppFiles(
    protocol,
    join(import.meta.dirname, '..', 'renderer'),
    RENDERER_CSP,
  );
  const desktop = new ElectronDesktop({
    window: () => window,
    openCase: (caseId) => inbox.receive(`${DEEP_LINK_SCHEME}://case/${caseId}`),
  });
  setUpSession({
    app,
    session: session.defaultSession,
    appOrigin,
    csp: run.devServerUrl ? developmentCsp(run.devServerUrl) : RENDERER_CSP,
    openExternal: (url) => {
      if (!isSafeExternalUrl(url)) return;
      desktop.openExternal(url).catch((error: unknown) => {
        logger.warn('the link did not open', { error });
      });
    },
    logger,
  });

  const consoleApp = await openConsoleApp({
    dataDir: app.getPath('userData'),
    secretStore: new KeytarSecretStore(),
    desktop,
    logger,
    appInfo: { version: app.getVersion(), platform: process.platform },
    demo: run.demo,
    settingsBackend: (options) => new ElectronStore(options),
  });
  installGracefulQuit(
    app,
    async () => {
      await consoleApp.quit();
      logFile.close();
    },
    logger,
  );
  const gate = createIpcGate({
    handlers: consoleApp.handlers,
    trust: trustOrigins([appOrigin]),
    logger,
  });
  bindIpcHandlers(ipcMain, gate);
  consoleApp.onEvent((name, payload) => {
    sendEvent(window?.webContents ?? null, name, payload);
  });

  const showWindow = () => {
    const opened = openMainWindow({
      preloadPath: join(import.meta.dirname, 'preload.cjs'),
      url: run.devServerUrl ? `${run.devServerUrl}/` : APP_INDEX_URL,
      logger,
    });
    opened.webContents.on('did-finish-load', () => {
      inbox.open((url) => {
        if (!consoleApp.openDeepLink(url)) {
          logger.warn('not a case link; ignored');
        }
      });
    });
    opened.on('closed', () => {
      inbox.close();
      window = null;
    });
    window = opened;
  };
  showWindow();
  // macOS keeps the app (and its polling) when the window closes.
  app.on('activate', () => {
    if (window === null) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Offload Console could not start', message);
  app.exit(1);
}
