// Bearer-token authentication for register routes, with the failure rate limit in front of it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { strictAssert } from '../shared/assert.js';
import { TOKEN_PATTERN, sameHash, sha256 } from './credentials.js';
import { type HttpError, rateLimited, unauthenticated } from './http-errors.js';
import type { AuthFailureLimiter } from './rate-limit.js';
import type { MasterStorage, RegisterRecord } from './storage.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The register whose token authenticated this request; null on public routes. */
    caller: RegisterRecord | null;
  }
}

export function callerOf(request: FastifyRequest): RegisterRecord {
  strictAssert(request.caller, 'route requires authentication but has no caller');
  return request.caller;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** An onRequest hook: runs before the body is read, so strangers cannot make the master parse 16 MiB. */
export function authenticate(storage: MasterStorage, limiter: AuthFailureLimiter) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const fail = (error: HttpError): never => {
      // A blocked address gets 429 only once its credential has failed: a register with a valid
      // token behind the same shop NAT as a misconfigured one keeps working, and a 256-bit token
      // cannot be guessed anyway. Enrolment codes are short, so /v1/enrol blocks outright.
      const retryAfter = limiter.retryAfterSeconds(request.ip);
      if (retryAfter > 0) throw rateLimited(retryAfter);
      limiter.recordFailure(request.ip);
      throw error;
    };
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      return fail(unauthenticated('send the register token as "Authorization: Bearer <token>"'));
    }
    if (!TOKEN_PATTERN.test(token)) return fail(unauthenticated('the token is malformed'));
    const hash = sha256(token);
    const register = await storage.registerByTokenHash(hash);
    // Looking the row up by hash leaks nothing (nobody can steer a SHA-256); the constant-time
    // comparison guards against a storage whose lookup matches loosely (a collation, a prefix).
    if (!register || !sameHash(register.tokenHash, hash)) {
      return fail(unauthenticated('the token is not known to this master'));
    }
    if (register.revokedAt !== null) {
      return fail(
        unauthenticated(
          `register ${register.registerId} was revoked at ${register.revokedAt}; enrol it again with a new code`,
        ),
      );
    }
    request.caller = register;
  };
}
