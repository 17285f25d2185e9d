// One way into the handlers for both shells: the method must be in the contract, the payload must
// pass its schema (or the handler is never called), and every failure becomes an answer a person
// can read with an HTTP-style status: 4xx for anything the caller can fix, 5xx only for our bugs
// or a master that is away.
import type { z } from 'zod';
import {
  isRegisterApiMethod,
  registerApi,
  type ApiErrorBody,
  type ApiResult,
  type RegisterApiMethod,
} from '../protocol/register-api.js';
import { MasterRejectedError, MasterUnreachableError } from '../sync/master-client.js';
import { UserError } from '../shared/errors.js';
import { AccessRefused, managerRequired, signedOut } from '../staff/access-errors.js';
import type { StaffSession } from '../staff/staff-session.js';
import { ACCESS } from './access-policy.js';
import type { ApiHandler, ApiHandlers, CallContext } from './api-handlers.js';

/**
 * What a shell gives the dispatcher with a call: the register's session, which decides who makes
 * it. Both shells always pass it and never pass `staff`; a caller inside the process (a test, a
 * CLI) may instead name the person itself, and is trusted to.
 */
export type DispatchContext = Omit<CallContext, 'approvedBy' | 'takeManagerApproval'> & {
  session?: StaffSession;
};

export interface Dispatched {
  status: number;
  result: ApiResult<unknown>;
}

export interface DispatchOptions {
  /** Where the unexpected goes (a bug): the caller sees a plain message, the log the detail. */
  onInternalError?: (error: unknown, method: string) => void;
}

/** "lines.0.qty: Too small…": the first problem, with where it is, for a person to fix. */
export function describeIssues(method: string, error: z.ZodError): string {
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  return `${method}: ${where}${first?.message ?? 'invalid payload'}`;
}

const failure = (status: number, error: ApiErrorBody): Dispatched => ({
  status,
  result: { ok: false, error },
});

const unknownMethod = (method: unknown): Dispatched =>
  failure(404, {
    code: 'UNKNOWN_METHOD',
    message: `The register API has no call named "${String(method)}".`,
  });

/** Checks only the method and the payload; for shells that must refuse before doing any work. */
export function validateCall(
  method: unknown,
  payload: unknown,
): { ok: true; method: RegisterApiMethod; input: unknown } | { ok: false; refusal: Dispatched } {
  if (!isRegisterApiMethod(method)) return { ok: false, refusal: unknownMethod(method) };
  const parsed = registerApi[method].input.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      refusal: failure(400, { code: 'BAD_REQUEST', message: describeIssues(method, parsed.error) }),
    };
  }
  return { ok: true, method, input: parsed.data };
}

export async function dispatchApiCall(
  handlers: ApiHandlers,
  method: unknown,
  payload: unknown,
  context: DispatchContext = {},
  options: DispatchOptions = {},
): Promise<Dispatched> {
  if (!isRegisterApiMethod(method)) return unknownMethod(method);
  // Who may call is settled before what was sent is read: a refused caller is told only that.
  let admitted: CallContext;
  try {
    admitted = admit(method, context);
  } catch (error) {
    return failureOf(error, method, options);
  }
  const call = validateCall(method, payload);
  if (!call.ok) return call.refusal;
  // The contract pairs each method's schema with its handler; TypeScript cannot follow the pairing
  // through a computed key, so the handler is widened here, after validation.
  const handler = handlers[call.method] as ApiHandler<RegisterApiMethod>;
  let value: unknown;
  try {
    value = await handler(call.input as never, admitted);
  } catch (error) {
    return failureOf(error, call.method, options);
  }
  const checked = registerApi[call.method].output.safeParse(value);
  if (!checked.success) {
    options.onInternalError?.(
      new Error(
        `handler answer breaks the contract: ${describeIssues(call.method, checked.error)}`,
      ),
      call.method,
    );
    return failure(500, {
      code: 'INTERNAL',
      message: 'The register could not complete that; the problem has been logged.',
    });
  }
  return { status: 200, result: { ok: true, value: checked.data } };
}

/** Who makes the call, or the refusal (401 signed out or locked, 403 a manager is needed). */
function admit(method: RegisterApiMethod, context: DispatchContext): CallContext {
  const { session, ...rest } = context;
  const access = ACCESS[method];
  if (session) {
    const approvals = { takeManagerApproval: () => session.takeApproval() };
    if (access === 'open') {
      const staff = session.active();
      return { ...rest, ...approvals, ...(staff ? { staff } : {}) };
    }
    return { ...rest, ...approvals, ...session.admit(access) };
  }
  if (access === 'open') return rest;
  if (!rest.staff) throw signedOut();
  if (access === 'manager' && rest.staff.role !== 'manager') throw managerRequired();
  return rest;
}

function failureOf(error: unknown, method: string, options: DispatchOptions): Dispatched {
  if (error instanceof AccessRefused) {
    return failure(error.status, { code: error.code, message: error.message });
  }
  if (error instanceof UserError) {
    return failure(422, { code: error.code, message: error.message });
  }
  if (error instanceof MasterUnreachableError) {
    return failure(503, { code: 'MASTER_UNREACHABLE', message: error.message });
  }
  if (error instanceof MasterRejectedError) {
    return failure(422, { code: error.code, message: error.message });
  }
  options.onInternalError?.(error, method);
  return failure(500, {
    code: 'INTERNAL',
    message: 'The register could not complete that; the problem has been logged.',
  });
}
