import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { buildOffloadApi } from './preload-api.ts';

// The sandboxed preload: exposes `window.offload` and nothing else. The
// Electron event is dropped here so that no Electron object (and no way
// to send on an arbitrary channel) ever reaches the page.

contextBridge.exposeInMainWorld(
  'offload',
  buildOffloadApi({
    invoke: (channel, args) => ipcRenderer.invoke(channel, ...args),
    subscribe(channel, listener) {
      const forward = (_event: IpcRendererEvent, payload: unknown) => {
        listener(payload);
      };
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  }),
);
