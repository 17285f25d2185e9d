import type { FastifyInstance } from 'fastify';
import { enrolRequestSchema, enrolResponseSchema } from '../../protocol/wire.js';
import { newRegisterId, newToken, normalizeEnrolmentCode, sha256 } from '../credentials.js';
import { HttpError, rateLimited } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import type { RouteDeps } from './deps.js';

/** Public: trades a one-time code from IT for a register token bound to the code's store. */
export function enrolRoutes(app: FastifyInstance, { storage, limiter, clock }: RouteDeps): void {
  app.post('/v1/enrol', async (request) => {
    // Checked before the code, or a blocked address could still learn which guess was right.
    const retryAfter = limiter.retryAfterSeconds(request.ip);
    if (retryAfter > 0) throw rateLimited(retryAfter);
    const body = parseRequest(enrolRequestSchema, 'body', request.body);
    const token = newToken();
    const outcome = await storage.enrol({
      codeHash: sha256(normalizeEnrolmentCode(body.code)),
      registerId: newRegisterId(),
      registerName: body.registerName,
      originId: body.originId,
      tokenHash: sha256(token),
      now: clock().toISOString(),
    });
    if (!outcome.ok && outcome.reason === 'INVALID_CODE') {
      limiter.recordFailure(request.ip);
      request.log.warn({ ip: request.ip }, 'enrolment with an invalid code');
      throw new HttpError(
        401,
        'INVALID_CODE',
        'the enrolment code is unknown, already used or expired; ask IT for a new one',
      );
    }
    if (!outcome.ok) {
      throw new HttpError(
        409,
        'ORIGIN_TAKEN',
        `origin ${body.originId} belongs to another active register; this ledger file is a copy of another register's`,
        { originId: body.originId },
      );
    }
    const { register, store } = outcome;
    request.log.info(
      { registerId: register.registerId, storeId: store.storeId, originId: body.originId },
      'register enrolled',
    );
    return checkedResponse(enrolResponseSchema, {
      registerId: register.registerId,
      storeId: store.storeId,
      storeName: store.name,
      token,
      stores: await storage.stores(),
    });
  });
}
