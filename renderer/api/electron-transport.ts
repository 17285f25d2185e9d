// The Electron shell: the preload's one bridge object carries calls over IPC.
import type { BookcaseBridge } from '../../app/protocol/register-api.js';
import type { Transport } from './register-client.js';

export function electronTransport(bridge: BookcaseBridge): Transport {
  return {
    shell: 'electron',
    invoke: (method, input) => bridge.invoke(method, input),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
