import type { RegisterClient } from '../api/register-client.js';
import { useBatchRun, type BatchWords } from '../sync/use-batch-run.js';

const WORDS: BatchWords<string> = {
  finished: (result) => `Sync finished: ${result.pushed} sent, ${result.pulled} received`,
  stopped: (why) => `Sync stopped: ${why}`,
};

/** The status bar's batch: runs it on request, follows its progress, says how it ended briefly. */
export function useSyncNow(api: RegisterClient) {
  return useBatchRun(api, WORDS);
}
