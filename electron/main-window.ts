import { BrowserWindow } from 'electron';
import type { Logger } from './core/logger.ts';
import { hardenedWindowOptions } from './window-options.ts';

// The console's window: built only from the hardened options, shown when
// its first frame is ready, and logged when its page dies.

/** Opens the window on `url` (app://offload/index.html or the dev server). */
export function openMainWindow(options: {
  preloadPath: string;
  url: string;
  logger: Logger;
}): BrowserWindow {
  const { logger } = options;
  const window = new BrowserWindow(
    hardenedWindowOptions({ preloadPath: options.preloadPath }),
  );
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error('the window page stopped', { reason: details.reason });
  });
  window.webContents.on('preload-error', (_event, _path, error) => {
    logger.error('the preload failed', { error });
  });
  window.loadURL(options.url).catch((error: unknown) => {
    logger.error('the window page did not load', { error });
  });
  return window;
}
