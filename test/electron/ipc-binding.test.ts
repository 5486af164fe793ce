import { describe, expect, it } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  bindIpcHandlers,
  sendEvent,
  senderOf,
} from '../../electron/ipc-binding.ts';
import type { IpcGate, IpcSender } from '../../electron/app/ipc-gate.ts';
import {
  IPC_METHOD_NAMES,
  eventChannel,
  methodChannel,
} from '../../shared/ipc.ts';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Records what is bound, as ipcMain would hold it. */
class RecordingIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`twice: ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

function invokeEvent(url: string, main: boolean): IpcMainInvokeEvent {
  const mainFrame = { url: 'app://offload/index.html' };
  const senderFrame = main ? mainFrame : { url };
  if (main) mainFrame.url = url;
  return {
    senderFrame,
    sender: { mainFrame },
  } as unknown as IpcMainInvokeEvent;
}

describe('bindIpcHandlers', () => {
  it('binds every method to the gate, with its name, sender and arguments', async () => {
    const ipcMain = new RecordingIpcMain();
    const calls: [string, IpcSender, readonly unknown[]][] = [];
    const gate: IpcGate = (name, sender, args) => {
      calls.push([name, sender, args]);
      return Promise.resolve({ ok: true, value: name });
    };
    bindIpcHandlers(ipcMain as unknown as IpcMain, gate);
    expect([...ipcMain.handlers.keys()].toSorted()).toEqual(
      IPC_METHOD_NAMES.map(methodChannel).toSorted(),
    );
    const handler = ipcMain.handlers.get(methodChannel('cases.detail'));
    const result = await handler?.(
      invokeEvent('app://offload/index.html', true),
      'case-1',
      { extra: true },
    );
    expect(result).toEqual({ ok: true, value: 'cases.detail' });
    expect(calls).toEqual([
      [
        'cases.detail',
        { url: 'app://offload/index.html', isMainFrame: true },
        ['case-1', { extra: true }],
      ],
    ]);
  });

  it('unbinds every method', () => {
    const ipcMain = new RecordingIpcMain();
    const unbind = bindIpcHandlers(ipcMain as unknown as IpcMain, () =>
      Promise.resolve({ ok: true, value: null }),
    );
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('senderOf', () => {
  it('tells the main frame from a subframe', () => {
    expect(senderOf(invokeEvent('app://offload/index.html', true))).toEqual({
      url: 'app://offload/index.html',
      isMainFrame: true,
    });
    expect(senderOf(invokeEvent('https://evil.example/', false))).toEqual({
      url: 'https://evil.example/',
      isMainFrame: false,
    });
  });

  it('treats a frame that is gone as an unknown sender', () => {
    const event = {
      senderFrame: null,
      sender: { mainFrame: null },
    } as unknown as IpcMainInvokeEvent;
    expect(senderOf(event)).toEqual({ url: '', isMainFrame: false });
  });
});

describe('sendEvent', () => {
  it("sends on the event's channel, and not to a closed page", () => {
    const sent: unknown[][] = [];
    let destroyed = false;
    const contents = {
      send: (...args: unknown[]) => sent.push(args),
      isDestroyed: () => destroyed,
    } as unknown as WebContents;
    const payload = { caseId: 'c1', watched: true };
    sendEvent(contents, 'open-case', payload);
    destroyed = true;
    sendEvent(contents, 'open-case', payload);
    sendEvent(null, 'open-case', payload);
    expect(sent).toEqual([[eventChannel('open-case'), payload]]);
  });
});
