// The scan field: where every sale starts. It is deliberately an uncontrolled <input>: the
// scanner's keystrokes go straight into the DOM, and the field is read and emptied in the same
// event as the Enter that ends a code, so no re-render (a title arriving, the cart updating)
// can drop or reorder a keystroke of the next scan.
import {
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type FocusEvent as ReactFocusEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type Ref,
} from 'react';
import { readIsbn } from '../lib/isbn.js';
import {
  isEditable,
  isPrintableKey,
  KeystrokeTiming,
  type EntrySource,
} from './keystroke-timing.js';

export interface ScanEntry {
  isbn13: string;
  typed: string;
  source: EntrySource;
}

export interface ScanFieldHandle {
  focus(): void;
}

export interface ScanFieldProps {
  onScan: (entry: ScanEntry) => void;
  /** "+" or "-" in the empty field: change the quantity of the last line. */
  onAdjustLast?: (delta: 1 | -1) => void;
  /**
   * While a dialog holds focus, a scanner burst is still caught and handed to onScan (the
   * screen decides what it means), and anything else is left to the dialog.
   */
  dialogOpen?: boolean;
  ref?: Ref<ScanFieldHandle>;
  /** Milliseconds; injectable for tests. */
  clock?: () => number;
}

const CODE_KEY = /^[0-9Xx-]$/;

export function ScanField({
  onScan,
  onAdjustLast,
  dialogOpen = false,
  ref,
  clock = () => performance.now(),
}: ScanFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const timing = useRef(new KeystrokeTiming());
  const sideTiming = useRef(new KeystrokeTiming());
  const sideBuffer = useRef('');
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<ScanEntry | null>(null);
  const ids = { hint: useId(), error: useId(), input: useId() };

  // The latest props, read by listeners that are attached once.
  const latest = useRef({ onScan, onAdjustLast, dialogOpen, clock });
  latest.current = { onScan, onAdjustLast, dialogOpen, clock };

  useImperativeHandle(ref, () => ({ focus: () => inputRef.current?.focus() }), []);

  /** `fromField` is false for a scan caught while a dialog held the focus. */
  const submit = (typed: string, source: EntrySource, fromField = true) => {
    const reading = readIsbn(typed);
    const input = fromField ? inputRef.current : null;
    if (!reading.ok) {
      // A scanner rescans, so its garbled code goes; a person fixes a typo, so theirs stays.
      setError(
        source === 'scanner'
          ? `Scan not understood: ${reading.reason} Scan again.`
          : reading.reason,
      );
      if (input && source === 'keyboard') input.select();
      else if (input) input.value = '';
      return;
    }
    if (input) input.value = '';
    setError(null);
    const entry = { isbn13: reading.isbn13, typed: typed.trim(), source };
    setLast(entry);
    latest.current.onScan(entry);
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    if (event.key === 'Enter') {
      event.preventDefault();
      const typed = input.value;
      const source = timing.current.classify();
      timing.current.reset();
      if (typed.trim() === '') return;
      submit(typed, source);
      return;
    }
    if (event.key === 'Escape' && input.value !== '') {
      event.preventDefault();
      input.value = '';
      timing.current.reset();
      setError(null);
      return;
    }
    if (!isPrintableKey(event)) return;
    if (input.value === '' && (event.key === '+' || event.key === '-')) {
      event.preventDefault();
      latest.current.onAdjustLast?.(event.key === '+' ? 1 : -1);
      return;
    }
    if (input.value === '') timing.current.reset();
    timing.current.record(latest.current.clock());
  };

  // Keystrokes that land elsewhere (a button the cashier just pressed, the page itself) are the
  // scanner's too: bring them here rather than lose them.
  useEffect(() => {
    const onWindowKeyDown = (event: KeyboardEvent) => {
      const input = inputRef.current;
      if (!input || event.target === input) return;
      const { dialogOpen: inDialog, clock: now } = latest.current;
      if (inDialog) {
        if (isEditable(event.target)) return;
        if (CODE_KEY.test(event.key) && isPrintableKey(event)) {
          if (sideBuffer.current === '') sideTiming.current.reset();
          sideBuffer.current += event.key;
          sideTiming.current.record(now());
          event.preventDefault();
          return;
        }
        if (event.key === 'Enter' && sideBuffer.current !== '') {
          const typed = sideBuffer.current;
          const source = sideTiming.current.classify();
          sideBuffer.current = '';
          if (source === 'scanner') {
            event.preventDefault();
            event.stopPropagation();
            submit(typed, source, false);
          }
        }
        return;
      }
      if (isEditable(event.target) || !isPrintableKey(event)) return;
      event.preventDefault();
      input.focus();
      if (input.value === '') timing.current.reset();
      input.value += event.key;
      timing.current.record(now());
    };
    window.addEventListener('keydown', onWindowKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onWindowKeyDown, { capture: true });
    // Attached once: it reads the latest props through refs, and submit only uses refs and
    // state setters, which never change.
  }, []);

  useEffect(() => {
    if (!dialogOpen) inputRef.current?.focus();
    sideBuffer.current = '';
  }, [dialogOpen]);

  const onBlur = (event: ReactFocusEvent<HTMLInputElement>) => {
    // Focus dropped onto nothing (a click on the page's background): take it back at once.
    if (event.relatedTarget === null && !latest.current.dialogOpen) {
      setTimeout(() => {
        if (!latest.current.dialogOpen && document.activeElement === document.body) {
          inputRef.current?.focus();
        }
      }, 0);
    }
  };

  return (
    <div className="scan-field">
      <label htmlFor={ids.input} className="scan-label">
        Scan or type an ISBN
      </label>
      <input
        id={ids.input}
        ref={inputRef}
        className="scan-input"
        type="text"
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="enter"
        aria-describedby={error ? `${ids.error} ${ids.hint}` : ids.hint}
        aria-invalid={error ? true : undefined}
        onKeyDown={onKeyDown}
        onPaste={() => timing.current.reset()}
        onBlur={onBlur}
      />
      <p id={ids.hint} className="scan-hint">
        Enter adds the book · <kbd>+</kbd> / <kbd>−</kbd> change the last line · <kbd>Esc</kbd>{' '}
        clears
      </p>
      {error ? (
        <p id={ids.error} className="scan-error" role="alert">
          {error}
        </p>
      ) : last ? (
        <p className="scan-last" data-source={last.source}>
          {last.source === 'scanner' ? 'Scanned' : 'Typed'} {last.isbn13}
        </p>
      ) : null}
    </div>
  );
}
