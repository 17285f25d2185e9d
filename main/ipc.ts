// Every call from the page enters through this one wrapper: the sender must be our own page (the
// top frame of an app://bookcase/ document, never an iframe or a page navigated elsewhere), and
// the payload must pass the contract's schema, before any handler runs.
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { Logger } from 'pino';
import {
  ipcChannelOf,
  REGISTER_API_METHODS,
  type ApiResult,
  type PrintOutcome,
  type PrintableReceipt,
  type RegisterApiMethod,
} from '../app/protocol/register-api.js';
import type { Startup } from '../app/shell/startup.js';
import { isAppUrl } from './app-protocol.js';

export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame) return false; // the frame is gone (navigated away or destroyed)
  if (frame.parent !== null) return false; // only the top frame, never an embedded one
  return isAppUrl(frame.url);
}

export interface IpcOptions {
  log: Logger;
  print: (sender: WebContents, receipt: PrintableReceipt) => Promise<PrintOutcome>;
}

export async function handleApiCall(
  startup: Startup,
  method: RegisterApiMethod,
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  payload: unknown,
  options: IpcOptions,
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(event.senderFrame)) {
    options.log.warn(
      `Refused ${ipcChannelOf(method)} from ${event.senderFrame?.url ?? 'a frame that is gone'}`,
    );
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only the register page may call the register.' },
    };
  }
  const { result } = await startup.dispatch(
    method,
    payload,
    { print: (receipt) => options.print(event.sender, receipt) },
    {
      onInternalError: (error, name) =>
        options.log.error({ err: error, method: name }, 'register API call failed unexpectedly'),
    },
  );
  return result;
}

/** Wired before the register opens: until it has, the page hears how the start is going. */
export function registerApiIpc(ipcMain: IpcMain, startup: Startup, options: IpcOptions): void {
  for (const method of REGISTER_API_METHODS) {
    ipcMain.handle(ipcChannelOf(method), (event, payload: unknown) =>
      handleApiCall(startup, method, event, payload, options),
    );
  }
}
