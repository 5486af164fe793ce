import { describe, expect, it } from 'vitest';
import { buildOffloadApi } from '../../electron/preload-api.ts';
import type { IpcTransport } from '../../electron/preload-api.ts';
import {
  IPC_EVENT_NAMES,
  IPC_METHOD_NAMES,
  eventChannel,
  methodChannel,
} from '../../shared/ipc.ts';

/** A transport that records calls and lets a test push events. */
class RecordingTransport implements IpcTransport {
  readonly calls: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  invoke(channel: string, args: unknown[]): Promise<unknown> {
    this.calls.push({ channel, args });
    return Promise.resolve({ ok: true, value: `answer from ${channel}` });
  }

  subscribe(channel: string, listener: (payload: unknown) => void) {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return () => {
      set.delete(listener);
    };
  }

  /** Delivers a payload the way ipcRenderer would, plus an extra arg. */
  push(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      (listener as (...args: unknown[]) => void)(payload, { sender: 'x' });
    }
  }
}

function methodsOf(api: object): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [space, value] of Object.entries(api)) {
    if (space === 'events') continue;
    for (const [task, fn] of Object.entries(value as object)) {
      found.set(`${space}.${task}`, fn);
    }
  }
  return found;
}

describe('buildOffloadApi', () => {
  it('exposes exactly one named function per method of the contract', () => {
    const api = buildOffloadApi(new RecordingTransport());
    const methods = methodsOf(api);
    expect([...methods.keys()].toSorted()).toEqual(
      [...IPC_METHOD_NAMES].toSorted(),
    );
    for (const fn of methods.values()) expect(typeof fn).toBe('function');
  });

  it('calls each method on its own channel with its arguments', async () => {
    const transport = new RecordingTransport();
    const api = buildOffloadApi(transport);
    for (const [name, fn] of methodsOf(api)) {
      const args = [name, { n: 1 }, [2]];
      const result = await (fn as (...a: unknown[]) => Promise<unknown>)(
        ...args,
      );
      expect(transport.calls.at(-1)).toEqual({
        channel: methodChannel(name as never),
        args,
      });
      expect(result).toEqual({
        ok: true,
        value: `answer from ${methodChannel(name as never)}`,
      });
    }
    expect(transport.calls).toHaveLength(IPC_METHOD_NAMES.length);
  });

  it('passes an empty argument list when a method is called bare', async () => {
    const transport = new RecordingTransport();
    await buildOffloadApi(transport).cases.list();
    expect(transport.calls).toEqual([
      { channel: methodChannel('cases.list'), args: [] },
    ]);
  });

  it('offers no generic invoke, send or transport to the page', () => {
    const transport = new RecordingTransport();
    const api = buildOffloadApi(transport) as unknown as Record<
      string,
      unknown
    >;
    const spaces = new Set(IPC_METHOD_NAMES.map((n) => n.split('.')[0]));
    expect(Object.keys(api).toSorted()).toEqual(
      [...spaces, 'events'].toSorted(),
    );
    expect(Object.keys(api.events as object)).toEqual(['on']);
    const text = JSON.stringify(Object.keys(api));
    for (const word of ['invoke', 'send', 'ipcRenderer', 'transport']) {
      expect(text).not.toContain(word);
    }
  });

  it('freezes the API and every namespace', () => {
    const api = buildOffloadApi(new RecordingTransport());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.events)).toBe(true);
    for (const space of Object.values(api)) {
      expect(Object.isFrozen(space)).toBe(true);
    }
    expect(() => {
      (api.cases as { list: unknown }).list = () => 'hijacked';
    }).toThrow(TypeError);
    expect(() => {
      (api as unknown as Record<string, unknown>).extra = {};
    }).toThrow(TypeError);
  });

  it('delivers each event payload alone to its listener', () => {
    const transport = new RecordingTransport();
    const api = buildOffloadApi(transport);
    for (const name of IPC_EVENT_NAMES) {
      const received: unknown[][] = [];
      api.events.on(name, (...args: unknown[]) => received.push(args));
      transport.push(eventChannel(name), { event: name });
      expect(received).toEqual([[{ event: name }]]);
    }
  });

  it('stops delivering after unsubscribe, and unsubscribing twice is harmless', () => {
    const transport = new RecordingTransport();
    const api = buildOffloadApi(transport);
    const received: unknown[] = [];
    const stop = api.events.on('settings', (payload) => received.push(payload));
    transport.push(eventChannel('settings'), 1);
    stop();
    stop();
    transport.push(eventChannel('settings'), 2);
    expect(received).toEqual([1]);
    expect(transport.listeners.get(eventChannel('settings'))?.size).toBe(0);
  });

  it.each([
    ['a channel name', 'offload:event:sync'],
    ['a name in the wrong case', 'SYNC'],
    ['an empty name', ''],
    ['a prototype key', '__proto__'],
    ['an inherited name', 'toString'],
    ['a method name', 'cases.list'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
  ])('refuses to subscribe to %s', (_label, name) => {
    const transport = new RecordingTransport();
    const api = buildOffloadApi(transport);
    expect(() => api.events.on(name as never, () => {})).toThrow(
      /unknown event/,
    );
    expect(transport.listeners.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const transport = new RecordingTransport();
    const api = buildOffloadApi(transport);
    expect(() => api.events.on('sync', 'alert(1)' as never)).toThrow(
      /must be a function/,
    );
    expect(transport.listeners.size).toBe(0);
  });
});
