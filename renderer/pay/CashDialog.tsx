import { useState } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { changeDueCents, suggestedTenders } from '../cart/cart.js';
import { formatMoney, parseMoney } from '../lib/money.js';
import { PayDialog, usePayField } from './PayDialog.js';

export interface CashDialogProps {
  isOpen: boolean;
  totalCents: number;
  currency: string;
  busy: boolean;
  error: string | null;
  onConfirm: (tenderedCents: number) => void;
  onCancel: () => void;
  clock?: () => number;
}

export function CashDialog(props: CashDialogProps) {
  const { totalCents, currency, busy } = props;
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = usePayField(props.isOpen, props.clock);
  const money = (cents: number) => formatMoney(cents, currency);

  const tendered = parseMoney(text);
  const change = tendered === undefined ? undefined : changeDueCents(totalCents, tendered);

  const take = (amount: number | undefined) => {
    if (amount === undefined) {
      setProblem('Type the cash received, e.g. 20 or 20.50.');
      return;
    }
    if (changeDueCents(totalCents, amount) === undefined) {
      setProblem(`${money(amount)} does not cover the total of ${money(totalCents)}.`);
      return;
    }
    setProblem(null);
    props.onConfirm(amount);
  };

  const onSubmit = () => {
    if (field.wasScanned()) {
      // A barcode read into the amount field would be a fortune in change: refuse it.
      setText('');
      setProblem('That was a barcode scan, not an amount: type the cash received.');
      return;
    }
    take(tendered);
  };

  const close = () => {
    setText('');
    setProblem(null);
    props.onCancel();
  };

  return (
    <PayDialog
      title="Cash payment"
      isOpen={props.isOpen}
      busy={busy}
      problem={problem ?? props.error}
      confirmLabel="Take cash"
      onSubmit={onSubmit}
      onClose={close}
    >
      <p className="due">
        Total due <strong data-testid="cash-total">{money(totalCents)}</strong>
      </p>
      <TextField
        className="field"
        value={text}
        onChange={(value) => {
          if (value === '') field.resetTiming();
          setText(value);
          setProblem(null);
        }}
        // ARIA only: native validation would block the next Enter until the form re-renders.
        validationBehavior="aria"
        isInvalid={problem !== null}
      >
        <Label>Cash received</Label>
        <Input
          ref={field.input}
          className="money-input"
          inputMode="decimal"
          onKeyDown={field.onKeyDown}
        />
        <Text slot="description" className="field-hint">
          Type the amount and press Enter, or pick one below.
        </Text>
      </TextField>
      <div className="quick-tender" role="group" aria-label="Quick amounts">
        {suggestedTenders(totalCents).map((amount) => (
          <Button
            key={amount}
            className="tender-button"
            isDisabled={busy}
            onPress={() => {
              setText((amount / 100).toFixed(2));
              take(amount);
            }}
          >
            {amount === totalCents ? `Exact ${money(amount)}` : money(amount)}
          </Button>
        ))}
      </div>
      <p className="change" aria-live="polite">
        Change due{' '}
        <strong data-testid="change-due">{change === undefined ? '—' : money(change)}</strong>
      </p>
    </PayDialog>
  );
}
