import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { App } from 'electron';
import { Logger } from '../../electron/core/logger.ts';
import { installGracefulQuit } from '../../electron/graceful-quit.ts';

/** Enough of Electron's app: 'before-quit' with preventDefault, quit(). */
class FakeApp extends EventEmitter {
  quits = 0;
  prevented = 0;
  quit(): void {
    this.quits += 1;
  }
  /** Emits before-quit; true when a listener prevented it. */
  beforeQuit(): boolean {
    let prevented = false;
    this.emit('before-quit', {
      preventDefault: () => {
        prevented = true;
        this.prevented += 1;
      },
    });
    return prevented;
  }
}

function logger(lines: string[]): Logger {
  return new Logger({ sink: (line) => lines.push(line), level: 'debug' });
}

describe('installGracefulQuit', () => {
  it('holds the first quit until the shutdown finished, then quits once', async () => {
    const app = new FakeApp();
    const shutdown = Promise.withResolvers<void>();
    let shutdowns = 0;
    installGracefulQuit(
      app as unknown as App,
      () => {
        shutdowns += 1;
        return shutdown.promise;
      },
      logger([]),
    );
    expect(app.beforeQuit()).toBe(true);
    // A second request while stopping is held too, and starts nothing.
    expect(app.beforeQuit()).toBe(true);
    expect(shutdowns).toBe(1);
    expect(app.quits).toBe(0);
    shutdown.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quits).toBe(1);
    // The real quit that follows goes through.
    expect(app.beforeQuit()).toBe(false);
    expect(shutdowns).toBe(1);
  });

  it('quits even when the shutdown fails, and logs why', async () => {
    const app = new FakeApp();
    const lines: string[] = [];
    installGracefulQuit(
      app as unknown as App,
      () => Promise.reject(new Error('store busy')),
      logger(lines),
    );
    expect(app.beforeQuit()).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quits).toBe(1);
    expect(lines.join('\n')).toContain('store busy');
  });

  it('quits when the shutdown hangs past its limit', async () => {
    const app = new FakeApp();
    const lines: string[] = [];
    const reached = Promise.withResolvers<void>();
    installGracefulQuit(
      app as unknown as App,
      () => new Promise<void>(() => {}),
      new Logger({
        sink: (line) => {
          lines.push(line);
          reached.resolve();
        },
      }),
      0,
    );
    app.beforeQuit();
    await reached.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.quits).toBe(1);
    expect(lines.join('\n')).toContain('took too long');
  });
});
