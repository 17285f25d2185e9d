import { Button } from 'react-aria-components';
import { formatMoney } from '../lib/money.js';

export interface TotalsPanelProps {
  totalCents: number;
  items: number;
  currency: string;
  busy: boolean;
  onCash: () => void;
  onCard: () => void;
  onClear: () => void;
}

export function TotalsPanel(props: TotalsPanelProps) {
  const { totalCents, items, currency, busy } = props;
  const empty = items === 0;
  return (
    <section className="totals" aria-label="Total and payment">
      <div className="totals-items">
        {items} {items === 1 ? 'book' : 'books'}
      </div>
      <div className="totals-label">Total</div>
      <div className="totals-amount" data-testid="sale-total">
        {formatMoney(totalCents, currency)}
      </div>
      <div className="pay-buttons">
        <Button className="pay-button cash" isDisabled={empty || busy} onPress={props.onCash}>
          Cash <kbd>F8</kbd>
        </Button>
        <Button className="pay-button card" isDisabled={empty || busy} onPress={props.onCard}>
          Card <kbd>F9</kbd>
        </Button>
      </div>
      <Button className="clear-button" isDisabled={empty || busy} onPress={props.onClear}>
        Clear sale
      </Button>
    </section>
  );
}
