import type { App } from 'electron';
import type { Logger } from './core/logger.ts';

// Quitting waits for the console to stop cleanly: polling stops,
// downloads finish or are cancelled, the store closes. Electron would
// otherwise end the process as soon as 'before-quit' returns.

/** Long enough for a clean stop; a hung shutdown must not block quitting. */
const SHUTDOWN_LIMIT_MS = 15_000;

/** On the first quit: prevent it, shut down, then quit for real. */
export function installGracefulQuit(
  app: Pick<App, 'on' | 'quit'>,
  shutdown: () => Promise<void>,
  logger: Logger,
  limitMs: number = SHUTDOWN_LIMIT_MS,
): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.warn('shutdown took too long; quitting anyway');
        resolve();
      }, limitMs);
    });
    void Promise.race([shutdown(), limit])
      .catch((error: unknown) => {
        logger.error('shutdown failed', { error });
      })
      .finally(() => {
        clearTimeout(timer);
        state = 'stopped';
        app.quit();
      });
  });
}
