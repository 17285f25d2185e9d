// The Sync screen's plain words for what the register reports in codes.
import type { SyncProgress, SyncRun } from '../../app/protocol/register-api.js';

export const KIND_WORDS: Record<SyncRun['kind'], string> = {
  batch: 'Nightly batch',
  'strong-sale': 'Strong-mode sale',
  repair: 'Title check with the master',
};

export function outcomeWords(outcome: SyncRun['outcome']): string {
  switch (outcome) {
    case 'ok':
      return 'Done';
    case 'failed':
      return 'Failed';
    case 'interrupted':
      return 'Interrupted';
    case null:
      return 'Running';
  }
}

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "Sending 1,200 of 5,000 events": what the bar stands for, in words. */
export function progressWords(progress: SyncProgress | null): string {
  if (!progress) return 'Starting…';
  if (progress.phase === 'done') return 'Finishing…';
  const verb = progress.phase === 'push' ? 'Sending' : 'Receiving';
  return `${verb} ${progress.eventsDone.toLocaleString('en-US')} of ${plural(progress.eventsTotal, 'event')}`;
}

/** A nightly time is HH:MM on a 24-hour clock. */
export const NIGHTLY_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
