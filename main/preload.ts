// The preload: runs sandboxed beside the page and exposes exactly one object, window.bookcase.
// The page never gets ipcRenderer itself, nor the IPC event (whose `sender` would let it reach
// any channel): only calls named in the contract, and the events' payloads.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  ipcChannelOf,
  isRegisterApiMethod,
  type ApiResult,
  type BookcaseBridge,
  type RegisterEvent,
} from '../app/protocol/register-api.js';

export const bridge: BookcaseBridge = {
  shell: 'electron',
  invoke(method, input) {
    if (!isRegisterApiMethod(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `No register call named "${String(method)}".` },
      });
    }
    return ipcRenderer.invoke(ipcChannelOf(method), input) as Promise<ApiResult<never>>;
  },
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: RegisterEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('bookcase', bridge);
