import type { FastifyInstance } from 'fastify';
import { claimOriginRequestSchema, claimOriginResponseSchema } from '../../protocol/wire.js';
import { callerOf } from '../auth.js';
import { HttpError } from '../http-errors.js';
import { checkedResponse, parseRequest } from '../validation.js';
import type { RouteDeps } from './deps.js';

/** A register whose ledger started a new origin (restored or copied file) claims it before pushing. */
export function originRoutes(app: FastifyInstance, { storage, clock }: RouteDeps): void {
  app.post('/v1/origins', async (request) => {
    const caller = callerOf(request);
    const { originId } = parseRequest(claimOriginRequestSchema, 'body', request.body);
    const outcome = await storage.claimOrigin(caller.registerId, originId, clock().toISOString());
    if (outcome === 'taken') {
      request.log.warn(
        { registerId: caller.registerId, originId },
        'origin claimed by another register',
      );
      throw new HttpError(
        409,
        'ORIGIN_TAKEN',
        `origin ${originId} belongs to another active register`,
        { originId },
      );
    }
    request.log.info({ registerId: caller.registerId, originId }, 'origin claimed');
    return checkedResponse(claimOriginResponseSchema, { originId, claimed: true });
  });
}
