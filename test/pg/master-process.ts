// A real `master serve` process on PostgreSQL, as an operator starts one behind a load balancer.
import { spawnMasterServe, type ServingMaster } from '../helpers/master-serve.js';

export type PgMasterProcess = ServingMaster;

export function startPgMasterProcess(databaseUrl: string): Promise<PgMasterProcess> {
  return spawnMasterServe(['--database', databaseUrl, '--port', '0'], process.env);
}
