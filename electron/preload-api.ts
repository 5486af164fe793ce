import {
  IPC_EVENT_NAMES,
  IPC_METHOD_NAMES,
  eventChannel,
  methodChannel,
} from '../shared/ipc.ts';
import type { IpcEventName, OffloadApi } from '../shared/ipc.ts';

// Builds `window.offload` from the IPC contract: one named function per
// method, grouped by namespace, and `events.on` for the contract's events.
// The page never gets a channel-agnostic call or an Electron object: the
// transport (ipcRenderer in the preload, a Playwright binding in the
// end-to-end harness) stays in this closure. No `electron` import, so the
// harness can bundle this very file into the browser.

/** How calls and events travel; the preload wraps ipcRenderer in this. */
export interface IpcTransport {
  invoke(channel: string, args: unknown[]): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

type Call = (...args: unknown[]) => Promise<unknown>;

const EVENT_NAMES: ReadonlySet<string> = new Set(IPC_EVENT_NAMES);

function isEventName(name: unknown): name is IpcEventName {
  return typeof name === 'string' && EVENT_NAMES.has(name);
}

/** `window.offload`, frozen, with every method in shared/ipc.ts. */
export function buildOffloadApi(transport: IpcTransport): OffloadApi {
  const spaces = new Map<string, Record<string, Call>>();
  for (const name of IPC_METHOD_NAMES) {
    const dot = name.indexOf('.');
    const space = name.slice(0, dot);
    const task = name.slice(dot + 1);
    const channel = methodChannel(name);
    let calls = spaces.get(space);
    if (!calls) {
      calls = {};
      spaces.set(space, calls);
    }
    // A rest parameter copies the arguments into a plain array, so the
    // transport never holds the page's `arguments` object.
    calls[task] = (...args: unknown[]) => transport.invoke(channel, args);
  }
  if (spaces.has('events')) {
    throw new Error('shared/ipc.ts must not name a namespace "events"');
  }

  const events = Object.freeze({
    on(name: unknown, listener: unknown): () => void {
      if (!isEventName(name)) {
        throw new TypeError(`unknown event ${JSON.stringify(name)}`);
      }
      if (typeof listener !== 'function') {
        throw new TypeError('the listener must be a function');
      }
      // The listener gets the payload alone, whatever the transport has.
      const unsubscribe = transport.subscribe(eventChannel(name), (payload) => {
        (listener as (payload: unknown) => void)(payload);
      });
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
      };
    },
  });

  const api: Record<string, unknown> = { events };
  for (const [space, calls] of spaces) api[space] = Object.freeze(calls);
  return Object.freeze(api) as unknown as OffloadApi;
}
