// The register API as the screens use it: one method per call in the contract, each resolving to
// the call's result or throwing an ApiError, whichever shell carries it underneath.
import {
  REGISTER_API_METHODS,
  type ApiInput,
  type ApiOutput,
  type ApiResult,
  type RegisterApiMethod,
  type RegisterEvent,
} from '../../app/protocol/register-api.js';
import { ApiError } from './api-error.js';

export type ShellKind = 'electron' | 'browser';

/** How calls and events travel: IPC through the preload, or HTTP to the browser shell's host. */
export interface Transport {
  readonly shell: ShellKind;
  invoke<M extends RegisterApiMethod>(
    method: M,
    input: ApiInput<M>,
  ): Promise<ApiResult<ApiOutput<M>>>;
  onEvent(listener: (event: RegisterEvent) => void): () => void;
}

export type RegisterClient = {
  readonly [M in RegisterApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>>;
} & {
  readonly shell: ShellKind;
  onEvent(listener: (event: RegisterEvent) => void): () => void;
};

export function createRegisterClient(transport: Transport): RegisterClient {
  const calls = Object.fromEntries(
    REGISTER_API_METHODS.map((method) => [
      method,
      async (input: ApiInput<typeof method>) => {
        const result = await transport.invoke(method, input);
        if (!result.ok) throw new ApiError(result.error);
        return result.value;
      },
    ]),
  );
  return {
    ...calls,
    shell: transport.shell,
    onEvent: (listener) => transport.onEvent(listener),
  } as RegisterClient;
}
