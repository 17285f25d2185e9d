// A labelled progress bar with its words ("400,000 of 1,000,000 (40%)") above the track: the
// nightly batch and the start-up upgrade show their progress the same way.
import { Label, ProgressBar } from 'react-aria-components';
import './progress-line.css';

export interface ProgressLineProps {
  label: string;
  /** 0–100, or undefined while the total is not known yet (the bar then shows it is waiting). */
  percent: number | undefined;
  words: string;
  wordsTestId: string;
}

export function ProgressLine({ label, percent, words, wordsTestId }: ProgressLineProps) {
  return (
    <ProgressBar
      className="progress-line"
      value={percent ?? 0}
      isIndeterminate={percent === undefined}
      valueLabel={words}
    >
      {({ percentage, valueText }) => (
        <>
          <Label>{label}</Label>
          <span data-testid={wordsTestId}>{valueText}</span>
          <div className="progress-line-track">
            <div
              className={`progress-line-fill${percent === undefined ? ' indeterminate' : ''}`}
              style={{ width: `${percent === undefined ? 30 : (percentage ?? 0)}%` }}
            />
          </div>
        </>
      )}
    </ProgressBar>
  );
}
