import type { AuthFailureLimiter } from '../rate-limit.js';
import type { MasterStorage } from '../storage.js';

/** What every route module is built from. */
export interface RouteDeps {
  storage: MasterStorage;
  limiter: AuthFailureLimiter;
  clock: () => Date;
  version: string;
}
