// One PIN entry for every place a PIN is asked: keyboard first (digits, Enter), masked, never kept
// after it is sent. A refusal is shown under the field and the field is cleared for the next try.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import { messageOf } from '../api/api-error.js';

export const PIN_HINT = '4 to 8 digits';

export interface PinFormProps {
  label?: string;
  submitLabel: string;
  /** Rejects with a message for the person (a wrong PIN, a pause after too many). */
  onSubmit: (pin: string) => Promise<void>;
  /** More fields or buttons, before the submit button. */
  children?: ReactNode;
  /** Buttons after the submit button (Cancel, Sign out). */
  actions?: ReactNode;
  /** Checked with the PIN before it is sent (another field of the same form). */
  validate?: (pin: string) => string | null;
  /** False when another field comes first. */
  autoFocus?: boolean;
}

export function PinForm({
  label = 'PIN',
  submitLabel,
  onSubmit,
  children,
  actions,
  validate,
  autoFocus = true,
}: PinFormProps) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The PIN field takes the keyboard at once, also over the till's scan field underneath; again
  // after the dialog around it has placed its own focus.
  useEffect(() => {
    if (!autoFocus) return;
    input.current?.focus();
    const again = setTimeout(() => input.current?.focus(), 0);
    return () => clearTimeout(again);
  }, [autoFocus]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const problem = /^[0-9]{4,8}$/.test(pin) ? (validate?.(pin) ?? null) : `A PIN is ${PIN_HINT}.`;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    onSubmit(pin)
      .catch((failure: unknown) => {
        setError(messageOf(failure));
        input.current?.focus();
      })
      .finally(() => {
        setPin('');
        setBusy(false);
      });
  };

  return (
    <form className="pin-form" onSubmit={submit} noValidate>
      {children}
      <TextField
        className="pin-field"
        value={pin}
        onChange={(value) => setPin(value.replace(/\D/g, '').slice(0, 8))}
        isInvalid={error !== null}
        autoFocus={autoFocus}
      >
        <Label className="pin-label">{label}</Label>
        <Input
          ref={input}
          className="pin-input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          placeholder={PIN_HINT}
        />
      </TextField>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Checking…' : submitLabel}
        </button>
        {actions}
      </div>
    </form>
  );
}
