// What the cash and card dialogs share: one field that takes the cursor when the dialog opens and
// tells typing from a barcode scanner (a book scanned by mistake must not become an amount or an
// approval code), and the frame around it: the problem, Back and the confirming button.
import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { isPrintableKey, KeystrokeTiming } from '../scan/keystroke-timing.js';
import { AppDialog } from '../ui/AppDialog.js';

export function usePayField(isOpen: boolean, clock: () => number = () => performance.now()) {
  const timing = useRef(new KeystrokeTiming());
  const input = useRef<HTMLInputElement>(null);
  // The field, not the dialog, takes the focus: the cashier types at once.
  useEffect(() => {
    if (isOpen) input.current?.focus();
  }, [isOpen]);
  return {
    input,
    onKeyDown: (event: KeyboardEvent) => {
      if (isPrintableKey(event)) timing.current.record(clock());
    },
    /** Forget the keystrokes so far (the field was emptied). */
    resetTiming: () => timing.current.reset(),
    /** Whether what was typed since the last reset came from a scanner; starts afresh either way. */
    wasScanned: () => {
      const source = timing.current.classify();
      timing.current.reset();
      return source === 'scanner';
    },
  };
}

export interface PayDialogProps {
  title: string;
  isOpen: boolean;
  busy: boolean;
  problem: string | null;
  confirmLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}

export function PayDialog(props: PayDialogProps) {
  const { busy } = props;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <AppDialog title={props.title} isOpen={props.isOpen} onClose={busy ? undefined : props.onClose}>
      <form onSubmit={onSubmit} className="pay-form">
        {props.children}
        {props.problem && (
          <p className="form-error" role="alert">
            {props.problem}
          </p>
        )}
        <div className="dialog-actions">
          <Button className="button secondary" isDisabled={busy} onPress={props.onClose}>
            Back <kbd>Esc</kbd>
          </Button>
          <Button type="submit" className="button primary" isDisabled={busy}>
            {busy ? 'Recording…' : props.confirmLabel} <kbd>Enter</kbd>
          </Button>
        </div>
      </form>
    </AppDialog>
  );
}
