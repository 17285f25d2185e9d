// "Run the nightly batch now", with a progress bar that moves with each page sent or received.
import { Button } from 'react-aria-components';
import type { RegisterStatus, SyncProgress } from '../../app/protocol/register-api.js';
import { NoticeLine } from '../ui/notice.js';
import { ProgressLine } from '../ui/ProgressLine.js';
import type { BatchOutcome } from './use-batch.js';
import { plural, progressWords } from './words.js';

export interface BatchPanelProps {
  status: RegisterStatus;
  running: boolean;
  progress: SyncProgress | null;
  outcome: BatchOutcome;
  onRun: () => void;
}

export function BatchPanel({ status, running, progress, outcome, onRun }: BatchPanelProps) {
  const percent =
    progress && progress.phase !== 'done' && progress.eventsTotal > 0
      ? Math.round((100 * progress.eventsDone) / progress.eventsTotal)
      : undefined;
  return (
    <section className="panel" aria-labelledby="sync-batch-title">
      <h2 id="sync-batch-title">Nightly batch</h2>
      <p>
        {status.enrolled
          ? `Sends the ${plural(status.outboxSize, 'event')} waiting at this register to the master, then receives what the other registers of the chain recorded.`
          : 'This register is not enrolled with a master: enrol it under Settings before it can sync.'}
      </p>
      <Button className="button primary" isDisabled={!status.enrolled || running} onPress={onRun}>
        Run the nightly batch now
      </Button>
      {running && (
        <ProgressLine
          label="Batch progress"
          percent={percent}
          words={progressWords(progress)}
          wordsTestId="batch-progress-words"
        />
      )}
      {!running && <NoticeLine notice={outcome} testId="batch-outcome" />}
    </section>
  );
}
