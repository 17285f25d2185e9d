// The book just scanned, with the shelf count here and, from the master, elsewhere in the chain:
// "Not on our shelf? Available at Uptown (2)".
import type { TitleLookup } from '../../app/protocol/register-api.js';
import { formatMoney } from '../lib/money.js';
import type { AvailabilityState } from './use-availability.js';

export interface ScannedTitleProps {
  title: TitleLookup | null;
  availability: AvailabilityState;
  currency: string;
}

function elsewhereText(availability: AvailabilityState, ours: number): string | null {
  switch (availability.state) {
    case 'idle':
      return null;
    case 'loading':
      return 'Checking other stores…';
    case 'unavailable':
      return `Other stores: unknown (${availability.why}).`;
    case 'ready': {
      const stocked = availability.availability.elsewhere.filter((store) => store.onHand > 0);
      if (stocked.length === 0) return 'No other store has a copy.';
      const list = stocked.map((store) => `${store.name} (${store.onHand})`).join(', ');
      return ours > 0 ? `Also at ${list}.` : `Not on our shelf? Available at ${list}.`;
    }
  }
}

export function ScannedTitle({ title, availability, currency }: ScannedTitleProps) {
  if (!title) return null;
  const elsewhere = elsewhereText(availability, title.onHand);
  return (
    <section className="scanned" aria-label="Last book scanned" aria-live="polite">
      <div className="scanned-main">
        <div className="scanned-title">{title.title}</div>
        <div className="scanned-author">
          {title.author}
          {title.section && <span className="scanned-section"> · {title.section}</span>}
        </div>
      </div>
      <div className="scanned-facts">
        <div className="scanned-price">{formatMoney(title.priceCents, currency)}</div>
        <div className={`scanned-stock ${title.onHand > 0 ? '' : 'none'}`} data-testid="on-hand">
          {title.onHand > 0 ? `${title.onHand} on our shelf` : 'None on our shelf'}
        </div>
      </div>
      {elsewhere && (
        <p className="scanned-elsewhere" data-testid="availability">
          {elsewhere}
        </p>
      )}
    </section>
  );
}
