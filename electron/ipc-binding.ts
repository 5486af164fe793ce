import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  IPC_METHOD_NAMES,
  eventChannel,
  methodChannel,
} from '../shared/ipc.ts';
import type { IpcEventName, IpcEvents } from '../shared/ipc.ts';
import type { IpcGate, IpcSender } from './app/ipc-gate.ts';

// Binds the handler table's gate to ipcMain, one channel per method, and
// pushes the app's events to the window. Only Electron's types are
// imported, so the binding itself is tested in Node.

/** Who sent an invoke: its frame's URL, and whether that is the top frame. */
export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    url: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}

/** Registers every method of the contract; returns the unbinding function. */
export function bindIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  gate: IpcGate,
): () => void {
  for (const name of IPC_METHOD_NAMES) {
    ipcMain.handle(methodChannel(name), (event, ...args: unknown[]) =>
      gate(name, senderOf(event), args),
    );
  }
  return () => {
    for (const name of IPC_METHOD_NAMES) {
      ipcMain.removeHandler(methodChannel(name));
    }
  };
}

/** Sends an app event to the window's page, if there is a live one. */
export function sendEvent<E extends IpcEventName>(
  contents: Pick<WebContents, 'send' | 'isDestroyed'> | null,
  name: E,
  payload: IpcEvents[E],
): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(eventChannel(name), payload);
}
