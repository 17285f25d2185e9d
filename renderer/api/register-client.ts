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

export interface StaffGuards {
  /**
   * A call answered that it needs a manager: ask for a manager's PIN (the dialog approves it with
   * the register). True once approved, false when the person gave up.
   */
  approve: (reason: string) => Promise<boolean>;
  /** A call was refused because nobody is signed in or the register locked: re-read the session. */
  onSessionRefused: () => void;
}

// These never need a manager's approval, and the approval call itself must not ask for one.
const UNGUARDED = new Set<RegisterApiMethod>(['managerApprove', 'signIn', 'firstManager']);

/**
 * The register client as the screens use it once staff sign in: any call the register refuses
 * with MANAGER_REQUIRED asks for a manager's PIN, once, and is made again; every screen gets this
 * without doing anything.
 */
export function withStaffGuards(client: RegisterClient, guards: StaffGuards): RegisterClient {
  const guarded = Object.fromEntries(
    REGISTER_API_METHODS.map((method) => {
      const raw = client[method] as (input: unknown) => Promise<unknown>;
      if (UNGUARDED.has(method)) return [method, raw];
      return [
        method,
        async (input: unknown) => {
          try {
            return await raw(input);
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            if (error.code === 'SIGNED_OUT' || error.code === 'LOCKED') guards.onSessionRefused();
            if (error.code !== 'MANAGER_REQUIRED') throw error;
            if (!(await guards.approve(error.message))) throw error;
            return raw(input);
          }
        },
      ];
    }),
  );
  return {
    ...guarded,
    shell: client.shell,
    onEvent: (listener) => client.onEvent(listener),
  } as RegisterClient;
}
