// Every IPC call passes one wrapper: a foreign sender or a malformed payload never reaches the
// handler; our own page's well-formed call does, with the shell's print service.
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { REGISTER_API_METHODS } from '../../app/protocol/register-api.js';
import type { ApiHandlers } from '../../app/shell/api-handlers.js';
import { StaffSession } from '../../app/staff/staff-session.js';
import type { StaffStore } from '../../app/staff/staff-store.js';
import { isTrustedSender, registerApiIpc } from '../../main/ipc.js';
import { Startup } from '../../app/shell/startup.js';
import { FakeIpcMain, ipcEvent } from './electron-fakes.js';

vi.mock('electron', () => ({}));

const STATUS = {
  storeId: 'uptown',
  storeName: 'Uptown',
  registerName: 'Counter 1',
  originId: '0123456789abcdef0123456789abcdef',
  mode: 'eventual',
  enrolled: false,
  masterUrl: null,
  masterReachable: null,
  outboxSize: 0,
  pendingSales: 0,
  lastSyncAt: null,
  nightlyAt: '02:00',
  currency: 'USD',
  allowEventualFallback: true,
} as const;

const MORGAN = { staffId: 'staff-morgan', name: 'Morgan', role: 'manager' } as const;

/** A session over a one-person staff list: Morgan, PIN 1234. */
function sessionOf(): StaffSession {
  const store = {
    activeCount: () => 1,
    findByPin: (pin: string) => Promise.resolve(pin === '1234' ? MORGAN : undefined),
  };
  return new StaffSession({ store: store as unknown as StaffStore, idleLockMinutes: () => 5 });
}

function wire(session = sessionOf()) {
  const ipcMain = new FakeIpcMain();
  const handlers = {
    status: vi.fn(() => Promise.resolve(STATUS)),
    setMode: vi.fn(() => Promise.resolve({ ...STATUS, mode: 'strong' as const })),
    printReceipt: vi.fn<ApiHandlers['printReceipt']>((_input, context) =>
      context.print ? context.print({} as never) : Promise.resolve({ via: 'page' }),
    ),
  };
  const print = vi.fn((_sender: unknown, _receipt: unknown) =>
    Promise.resolve({ via: 'printer' as const }),
  );
  registerApiIpc(
    ipcMain as never,
    Startup.of({ handlers: handlers as unknown as ApiHandlers, session }),
    { log: pino({ level: 'silent' }), print },
  );
  const invoke = (channel: string, event: ReturnType<typeof ipcEvent>, payload: unknown) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`nothing on ${channel}`);
    return handler(event, payload) as Promise<unknown>;
  };
  return { ipcMain, handlers, print, invoke };
}

const OURS = 'app://bookcase/index.html';

describe('IPC wrapper', () => {
  it('listens on one bookcase: channel per call in the contract, and no other', () => {
    const { ipcMain } = wire();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      REGISTER_API_METHODS.map((method) => `bookcase:${method}`).sort(),
    );
  });

  it('refuses a call while nobody is signed in, without calling the handler', async () => {
    const { handlers, invoke } = wire();
    await expect(
      invoke('bookcase:setMode', ipcEvent(OURS), { mode: 'strong' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect(handlers.setMode).not.toHaveBeenCalled();
  });

  it('passes our own page’s well-formed call to the handler and returns its value', async () => {
    const session = sessionOf();
    await session.signIn('1234');
    const { handlers, invoke } = wire(session);
    await expect(invoke('bookcase:setMode', ipcEvent(OURS), { mode: 'strong' })).resolves.toEqual({
      ok: true,
      value: { ...STATUS, mode: 'strong' },
    });
    expect(handlers.setMode).toHaveBeenCalledWith({ mode: 'strong' }, expect.anything());
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a file:// page', 'file:///tmp/evil.html'],
    ['a lookalike host', 'app://bookcase.evil/index.html'],
    ['a frame that is gone', null],
  ])('refuses a call from %s without calling the handler', async (_why, url) => {
    const { handlers, invoke } = wire();
    await expect(
      invoke('bookcase:setMode', ipcEvent(url), { mode: 'strong' }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(handlers.setMode).not.toHaveBeenCalled();
  });

  it('refuses our own URL inside an iframe: only the top frame may call', async () => {
    const { handlers, invoke } = wire();
    const answer = await invoke('bookcase:status', ipcEvent(OURS, { iframe: true }), {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handlers.status).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong value', { mode: 'turbo' }],
    ['an extra field', { mode: 'strong', also: 'drop tables' }],
    ['no payload', undefined],
    ['a string', 'strong'],
  ])('refuses %s in the payload without calling the handler', async (_why, payload) => {
    const session = sessionOf();
    await session.signIn('1234');
    const { handlers, invoke } = wire(session);
    const answer = await invoke('bookcase:setMode', ipcEvent(OURS), payload);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^setMode: /) as unknown },
    });
    expect(handlers.setMode).not.toHaveBeenCalled();
  });

  it('prints through the window that asked', async () => {
    const session = sessionOf();
    await session.signIn('1234');
    const { print, invoke } = wire(session);
    const event = ipcEvent(OURS);
    await expect(invoke('bookcase:printReceipt', event, { receiptId: 'r-1' })).resolves.toEqual({
      ok: true,
      value: { via: 'printer' },
    });
    expect(print.mock.calls[0]?.[0]).toBe(event.sender);
  });

  it('trusts only the top frame of an app://bookcase/ page', () => {
    expect(isTrustedSender({ url: OURS, parent: null } as never)).toBe(true);
    expect(isTrustedSender({ url: 'app://bookcase/', parent: null } as never)).toBe(true);
    expect(isTrustedSender({ url: 'not a url', parent: null } as never)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
