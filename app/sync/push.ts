import type { LedgerEvent } from '../protocol/events.js';
import type { PushResponse } from '../protocol/wire.js';
import { MasterRejectedError } from './master-client.js';
import type { Outbox } from './outbox.js';

/**
 * Sends events and records the master's acknowledgement. When the master reports a gap (it holds
 * less of an origin than our checkpoint says, e.g. it was restored from a backup) the checkpoint
 * is rewound so the next page resends from where the master really is.
 */
export async function pushAndAcknowledge<R extends Pick<PushResponse, 'held'>>(
  outbox: Outbox,
  events: readonly LedgerEvent[],
  send: (events: readonly LedgerEvent[]) => Promise<R>,
  /** Recorded in the same local transaction as the acknowledgement. */
  settle?: (response: R) => void,
): Promise<R | 'rewound'> {
  const response = await sendOrRewind(outbox, events, send);
  if (response !== 'rewound') {
    outbox.acknowledge(response.held, settle && (() => settle(response)));
  }
  return response;
}

/**
 * Sends events, leaving the acknowledgement to the caller (who may start the next page first);
 * a gap the master reports rewinds the checkpoint as in pushAndAcknowledge.
 */
export async function sendOrRewind<P, R>(
  outbox: Outbox,
  page: P,
  send: (page: P) => Promise<R>,
): Promise<R | 'rewound'> {
  try {
    return await send(page);
  } catch (error) {
    if (error instanceof MasterRejectedError && error.code === 'GAP') {
      const { originId, expected } = error.detail;
      if (typeof originId === 'string' && typeof expected === 'number') {
        outbox.rewind(originId, expected - 1);
        return 'rewound';
      }
    }
    throw error;
  }
}
