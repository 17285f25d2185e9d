// The preload exposes exactly one object, and through it only the contract's calls and the
// events' payloads: never ipcRenderer, never the IPC event itself.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BookcaseBridge } from '../../app/protocol/register-api.js';

const exposed = vi.hoisted(() => new Map<string, unknown>());
const ipc = vi.hoisted(() => ({
  invoke: vi.fn((_channel: string, _payload: unknown) => Promise.resolve({ ok: true, value: 1 })),
  listeners: new Map<string, ((...args: unknown[]) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: ipc.invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) =>
      ipc.listeners.set(channel, [...(ipc.listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      ipc.listeners.set(
        channel,
        (ipc.listeners.get(channel) ?? []).filter((candidate) => candidate !== listener),
      ),
  },
}));

await import('../../main/preload.js');
const bridge = () => exposed.get('bookcase') as BookcaseBridge;

describe('preload', () => {
  beforeEach(() => ipc.invoke.mockClear());

  it('exposes one object, window.bookcase, with three members', () => {
    expect([...exposed.keys()]).toEqual(['bookcase']);
    expect(Object.keys(bridge()).sort()).toEqual(['invoke', 'onEvent', 'shell']);
    expect(bridge().shell).toBe('electron');
  });

  it('sends a call on its bookcase: channel with the payload as given', async () => {
    await expect(bridge().invoke('lookupTitle', { scan: '9780558373306' })).resolves.toEqual({
      ok: true,
      value: 1,
    });
    expect(ipc.invoke).toHaveBeenCalledWith('bookcase:lookupTitle', { scan: '9780558373306' });
  });

  it('sends nothing for a name outside the contract', async () => {
    const answer = await bridge().invoke('__proto__' as never, {} as never);
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('hands the page only the event payload, and stops when asked', () => {
    const heard: unknown[] = [];
    const stop = bridge().onEvent((event) => heard.push(event));
    const payload = { type: 'sync-finished', ok: true };
    const ipcEvent = { sender: { send: () => undefined } };
    for (const listener of ipc.listeners.get('bookcase:event') ?? []) listener(ipcEvent, payload);
    expect(heard).toEqual([payload]);
    stop();
    expect(ipc.listeners.get('bookcase:event')).toEqual([]);
  });
});
