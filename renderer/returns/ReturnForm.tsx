// One receipt, opened: its lines with what was sold, what already came back and how many to take
// back now; the refund method; the refund. Quantities beyond what a line can still return are
// refused here, before anything is sent (and by the register, whose word is shown as it is).
import { useEffect, useRef, useState } from 'react';
import { Button, Input, Label, Radio, RadioGroup, TextField } from 'react-aria-components';
import type { PaymentInput } from '../../app/protocol/register-api.js';
import type { ReturnableReceiptView } from '../../app/protocol/receipts-api.js';
import { formatMoney } from '../lib/money.js';
import { ColumnHeads, TitleCell } from '../ui/table-parts.js';
import { dateTimeOf, kindOf } from './receipt-labels.js';
import { planReturn, type Quantities } from './return-plan.js';

export interface ReturnFormProps {
  view: ReturnableReceiptView;
  currency: string;
  busy: boolean;
  /** The register's refusal, shown as it is. */
  error: string | null;
  printing: boolean;
  printNote: string | null;
  /** Changes when the cursor should come back here (a dialog over the form closed). */
  focusRequest?: number;
  onReturn: (lines: { isbn: string; qty: number }[], refund: PaymentInput) => void;
  onReprint: () => void;
  onBack: () => void;
}

export function ReturnForm(props: ReturnFormProps) {
  const { view, currency, busy } = props;
  const { summary } = view;
  const [quantities, setQuantities] = useState<Quantities>({});
  const [method, setMethod] = useState<'cash' | 'card'>('cash');
  const [reference, setReference] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const reprint = useRef<HTMLButtonElement>(null);
  const money = (cents: number) => formatMoney(cents, currency);
  const plan = planReturn(view.lines, quantities);
  const returnable = view.refusal === null;

  // The first quantity takes the cursor; a receipt that cannot take returns offers its reprint.
  useEffect(() => {
    if (returnable) first.current?.focus();
    else reprint.current?.focus();
  }, [returnable, summary.receiptId, props.focusRequest]);

  const submit = () => {
    if (!returnable || busy || plan.problems.length > 0 || plan.copies === 0) return;
    const trimmed = reference.trim();
    props.onReturn(
      plan.lines,
      method === 'cash'
        ? { method: 'cash', tenderedCents: plan.refundCents }
        : trimmed === ''
          ? { method: 'card' }
          : { method: 'card', reference: trimmed },
    );
  };

  const firstReturnable = view.lines.find((line) => line.returnable > 0)?.lineNo;
  return (
    <section className="return-form" aria-label={`Receipt ${summary.printedNo}`}>
      <div className="return-head">
        <h2 className="section-title" data-testid="open-receipt">
          Receipt {summary.printedNo}
        </h2>
        <p className="return-meta">
          {kindOf(summary)} · {dateTimeOf(summary.createdAt)} · served by {summary.cashier} ·{' '}
          {money(summary.totalCents)}
        </p>
      </div>
      {view.refusal && (
        <p className="notice info" role="status" data-testid="return-refusal">
          {view.refusal}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !busy) {
            event.preventDefault();
            props.onBack();
          }
        }}
      >
        <table className="return-lines">
          <ColumnHeads
            columns={[
              { label: 'Title' },
              { label: 'Price', className: 'num' },
              { label: 'Sold', className: 'num' },
              { label: 'Returned', className: 'num' },
              { label: 'Return now', className: 'num' },
            ]}
          />
          <tbody>
            {view.lines.map((line) => {
              return (
                <tr key={line.lineNo} data-isbn={line.isbn}>
                  <TitleCell title={line.title} author={line.author} isbn={line.isbn} />
                  <td className="num">{money(line.unitPriceCents)}</td>
                  <td className="num">{line.qty}</td>
                  <td className="num" data-testid="returned">
                    {line.returned}
                  </td>
                  <td className="num">
                    {returnable && line.returnable > 0 ? (
                      <input
                        ref={line.lineNo === firstReturnable ? first : undefined}
                        className="return-qty"
                        inputMode="numeric"
                        aria-label={`Copies of ${line.title} to return (up to ${line.returnable})`}
                        placeholder="0"
                        value={quantities[line.lineNo] ?? ''}
                        disabled={busy}
                        onChange={(event) =>
                          setQuantities((now) => ({ ...now, [line.lineNo]: event.target.value }))
                        }
                      />
                    ) : (
                      <span className="return-none">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {plan.problems.map((problem) => (
          <p key={problem} className="form-error" role="alert">
            {problem}
          </p>
        ))}
        {props.error && (
          <p className="form-error" role="alert" data-testid="return-error">
            {props.error}
          </p>
        )}
        {returnable && (
          <div className="refund-row">
            <RadioGroup
              className="refund-method"
              value={method}
              onChange={(value) => setMethod(value === 'card' ? 'card' : 'cash')}
              orientation="horizontal"
              isDisabled={busy}
            >
              <Label>Refund to</Label>
              <Radio value="cash" className="refund-choice">
                Cash
              </Radio>
              <Radio value="card" className="refund-choice">
                Card
              </Radio>
            </RadioGroup>
            {method === 'card' && (
              <TextField
                className="field"
                value={reference}
                onChange={setReference}
                maxLength={64}
                isDisabled={busy}
              >
                <Label>Terminal reference (optional)</Label>
                <Input className="text-input" />
              </TextField>
            )}
          </div>
        )}
        <div className="dialog-actions return-actions">
          <Button className="button secondary" isDisabled={busy} onPress={props.onBack}>
            Back to the list <kbd>Esc</kbd>
          </Button>
          <Button
            ref={reprint}
            className="button secondary"
            isDisabled={props.printing}
            onPress={props.onReprint}
          >
            {props.printing ? 'Printing…' : 'Reprint this receipt'}
          </Button>
          {returnable && (
            <Button
              type="submit"
              className="button primary"
              isDisabled={busy || plan.copies === 0 || plan.problems.length > 0}
            >
              {busy
                ? 'Recording…'
                : plan.copies === 0
                  ? 'Choose copies to return'
                  : `Refund ${money(plan.refundCents)} (${plan.copies} ${plan.copies === 1 ? 'copy' : 'copies'})`}{' '}
              <kbd>Enter</kbd>
            </Button>
          )}
        </div>
        {props.printNote && (
          <p className="print-note" role="status">
            {props.printNote}
          </p>
        )}
      </form>
    </section>
  );
}
