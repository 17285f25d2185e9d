import { useState } from 'react';
import { Input, Label, Text, TextField } from 'react-aria-components';
import { formatMoney } from '../lib/money.js';
import { PayDialog, usePayField } from './PayDialog.js';

export interface CardDialogProps {
  isOpen: boolean;
  totalCents: number;
  currency: string;
  busy: boolean;
  error: string | null;
  onConfirm: (reference: string | undefined) => void;
  onCancel: () => void;
  clock?: () => number;
}

/** The card terminal is separate: the cashier charges it there and records the payment here. */
export function CardDialog(props: CardDialogProps) {
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = usePayField(props.isOpen, props.clock);
  const close = () => {
    setReference('');
    setProblem(null);
    props.onCancel();
  };
  const onSubmit = () => {
    if (field.wasScanned()) {
      // A book scanned by mistake must not go on the receipt as the card approval code.
      setReference('');
      setProblem('That was a barcode scan, not a terminal reference: finish this payment first.');
      return;
    }
    setProblem(null);
    props.onConfirm(reference.trim() === '' ? undefined : reference.trim());
  };
  return (
    <PayDialog
      title="Card payment"
      isOpen={props.isOpen}
      busy={props.busy}
      problem={problem ?? props.error}
      confirmLabel="Card approved"
      onSubmit={onSubmit}
      onClose={close}
    >
      <p className="due">
        Charge <strong>{formatMoney(props.totalCents, props.currency)}</strong> on the card
        terminal, then record it here.
      </p>
      <TextField
        className="field"
        value={reference}
        onChange={(value) => {
          if (value === '') field.resetTiming();
          setReference(value);
        }}
        maxLength={64}
      >
        <Label>Terminal reference (optional)</Label>
        <Input ref={field.input} className="text-input" onKeyDown={field.onKeyDown} />
        <Text slot="description" className="field-hint">
          The approval code on the terminal slip, if you want it on the receipt.
        </Text>
      </TextField>
    </PayDialog>
  );
}
