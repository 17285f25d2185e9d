import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { formatMoney } from '../lib/money.js';
import { isPrintableKey, KeystrokeTiming } from '../scan/keystroke-timing.js';
import { AppDialog } from '../ui/AppDialog.js';

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
  const timing = useRef(new KeystrokeTiming());
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.isOpen) input.current?.focus();
  }, [props.isOpen]);
  const clock = props.clock ?? (() => performance.now());
  const close = () => {
    setReference('');
    setProblem(null);
    props.onCancel();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const source = timing.current.classify();
    timing.current.reset();
    if (source === 'scanner') {
      // A book scanned by mistake must not go on the receipt as the card approval code.
      setReference('');
      setProblem('That was a barcode scan, not a terminal reference: finish this payment first.');
      return;
    }
    setProblem(null);
    props.onConfirm(reference.trim() === '' ? undefined : reference.trim());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (isPrintableKey(event)) timing.current.record(clock());
  };
  return (
    <AppDialog title="Card payment" isOpen={props.isOpen} onClose={props.busy ? undefined : close}>
      <form onSubmit={onSubmit} className="pay-form">
        <p className="due">
          Charge <strong>{formatMoney(props.totalCents, props.currency)}</strong> on the card
          terminal, then record it here.
        </p>
        <TextField
          className="field"
          value={reference}
          onChange={(value) => {
            if (value === '') timing.current.reset();
            setReference(value);
          }}
          maxLength={64}
        >
          <Label>Terminal reference (optional)</Label>
          <Input ref={input} className="text-input" onKeyDown={onKeyDown} />
          <Text slot="description" className="field-hint">
            The approval code on the terminal slip, if you want it on the receipt.
          </Text>
        </TextField>
        {(problem ?? props.error) && (
          <p className="form-error" role="alert">
            {problem ?? props.error}
          </p>
        )}
        <div className="dialog-actions">
          <Button className="button secondary" isDisabled={props.busy} onPress={close}>
            Back <kbd>Esc</kbd>
          </Button>
          <Button type="submit" className="button primary" isDisabled={props.busy}>
            {props.busy ? 'Recording…' : 'Card approved'} <kbd>Enter</kbd>
          </Button>
        </div>
      </form>
    </AppDialog>
  );
}
