import { buildOffloadApi } from '../../electron/preload-api.ts';

// Runs in the page before the page's own code, in place of the preload:
// the very `window.offload` the preload builds, over a Playwright binding
// instead of Electron's IPC. Events arrive through `offloadHarnessDeliver`,
// which the harness calls with page.evaluate.

type Listener = (payload: unknown) => void;

interface HarnessWindow {
  offloadHarnessInvoke(channel: string, args: unknown[]): Promise<unknown>;
  offloadHarnessDeliver(channel: string, payload: unknown): void;
}

const harness = window as unknown as HarnessWindow;
const listeners = new Map<string, Set<Listener>>();

harness.offloadHarnessDeliver = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

const api = buildOffloadApi({
  invoke: (channel, args) => harness.offloadHarnessInvoke(channel, args),
  subscribe(channel, listener) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  },
});

Object.defineProperty(window, 'offload', {
  value: api,
  writable: false,
  configurable: false,
});
