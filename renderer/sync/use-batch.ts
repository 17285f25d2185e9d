// The Sync screen's batch: says how it ended in plain words and calls `onFinished` either way.
import type { RegisterClient } from '../api/register-client.js';
import type { Notice } from '../ui/notice.js';
import { useBatchRun, type BatchWords } from './use-batch-run.js';
import { plural } from './words.js';

export type BatchOutcome = Notice;

const WORDS: BatchWords<NonNullable<BatchOutcome>> = {
  finished: (result) => ({
    tone: 'info',
    text:
      `The batch finished: ${plural(result.pushed, 'event')} sent to the master, ${plural(result.pulled, 'event')} received from the other registers.` +
      (result.conflicts > 0 ? ` ${plural(result.conflicts, 'conflicting event')} refused.` : ''),
  }),
  stopped: (why) => ({
    tone: 'error',
    text: `The batch stopped: ${why.replace(/\.?$/, '.')} Events not sent yet stay waiting here and go with the next batch.`,
  }),
};

export function useBatch(api: RegisterClient, onFinished: () => void) {
  return useBatchRun(api, WORDS, onFinished);
}
