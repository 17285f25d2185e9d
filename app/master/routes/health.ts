import type { FastifyInstance } from 'fastify';
import { healthResponseSchema } from '../../protocol/wire.js';
import { checkedResponse } from '../validation.js';
import type { RouteDeps } from './deps.js';

/** Public: load balancers and the register's "is the master there?" check. */
export function healthRoutes(app: FastifyInstance, { storage, version }: RouteDeps): void {
  app.get('/v1/health', async () =>
    checkedResponse(healthResponseSchema, {
      status: 'ok',
      version,
      headSeq: await storage.headSeq(),
    }),
  );
}
