// Finding the receipt: type (or scan) the number printed after "Receipt", or pick one of today's.
// Enter searches; a single match opens at once; the arrow keys walk the list.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import type { ReceiptSummary } from '../../app/protocol/receipts-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { formatMoney } from '../lib/money.js';
import { kindOf, timeOf } from './receipt-labels.js';

export interface ReceiptFinderProps {
  api: RegisterClient;
  currency: string;
  onOpen: (receiptId: string) => void;
}

export function ReceiptFinder({ api, currency, onOpen }: ReceiptFinderProps) {
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const [results, setResults] = useState<ReceiptSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const search = (text: string, openSingle: boolean) => {
    setBusy(true);
    setError(null);
    api
      .findReceipts({ query: text })
      .then(
        (found) => {
          setResults(found);
          setSearched(text.trim());
          const only = found[0];
          if (openSingle && text.trim() !== '' && found.length === 1 && only)
            onOpen(only.receiptId);
        },
        (failure: unknown) => {
          setError(messageOf(failure));
          input.current?.select();
        },
      )
      .finally(() => setBusy(false));
  };

  // Today's receipts to pick from, and the cursor in the number field, from the start (once).
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    input.current?.focus();
    search('', false);
  });

  const rows = () => [...(list.current?.querySelectorAll('button') ?? [])];
  const onListKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = rows();
    const at = buttons.findIndex((button) => button === document.activeElement);
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.current?.focus();
    else buttons[Math.min(next, buttons.length - 1)]?.focus();
  };

  const heading =
    searched === null || searched === '' ? "Today's receipts" : `Receipts matching “${searched}”`;

  return (
    <section className="receipt-finder" aria-label="Find a receipt">
      <form
        className="receipt-search"
        onSubmit={(event) => {
          event.preventDefault();
          search(query, true);
        }}
      >
        <TextField className="field" value={query} onChange={setQuery} maxLength={100}>
          <Label>Receipt number</Label>
          <Input
            ref={input}
            className="text-input receipt-query"
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                rows()[0]?.focus();
              }
            }}
          />
          <Text slot="description" className="field-hint">
            As printed after “Receipt”, e.g. 1a2b3c4d-17, or just 17. Empty: today’s receipts.
          </Text>
        </TextField>
        <Button type="submit" className="button primary" isDisabled={busy}>
          Find <kbd>Enter</kbd>
        </Button>
      </form>
      {error && (
        <p className="form-error" role="alert" data-testid="finder-error">
          {error}
        </p>
      )}
      <h2 className="section-title">{heading}</h2>
      {results !== null && results.length === 0 && (
        <p className="finder-empty" role="status">
          {searched ? 'No receipt on this register has that number.' : 'No receipts yet today.'}
        </p>
      )}
      {results !== null && results.length > 0 && (
        <ul className="receipt-list" ref={list} onKeyDown={onListKey} aria-label={heading}>
          {results.map((receipt) => (
            <li key={receipt.receiptId}>
              <Button
                className="receipt-row"
                onPress={() => onOpen(receipt.receiptId)}
                data-receipt={receipt.printedNo}
              >
                <span className="receipt-row-no">{receipt.printedNo}</span>
                <span className="receipt-row-time">{timeOf(receipt.createdAt)}</span>
                <span className="receipt-row-cashier">{receipt.cashier}</span>
                <span className="receipt-row-items">
                  {receipt.items} {receipt.items === 1 ? 'book' : 'books'}
                </span>
                <span className="receipt-row-kind">{kindOf(receipt)}</span>
                <span className="receipt-row-total">
                  {formatMoney(receipt.totalCents, currency)}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
