// The manager's journal: the latest sales, returns, deliveries, corrections and stocktakes of this
// store, newest first, each with who did it. A cashier opening it is asked for a manager's PIN.
import { useCallback, useEffect, useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { ActivityEntryView } from '../../app/protocol/staff-api.js';
import { printedReceiptNo } from '../../app/protocol/receipt-number.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import './staff.css';

const KIND_LABEL: { readonly [K in ActivityEntryView['kind']]: string } = {
  sale: 'Sale',
  return: 'Return',
  delivery: 'Delivery',
  correction: 'Correction',
  stocktake: 'Stocktake',
  cancellation: 'Cancelled sale',
  transfer: 'Transfer',
};

/** A receipt as printed on the paper ("Receipt 1a2b3c4d-12"); other details as they are. */
function detailOf(entry: ActivityEntryView): string {
  if (entry.kind === 'sale' || entry.kind === 'return') {
    return `Receipt ${printedReceiptNo(entry.detail)}`;
  }
  if (entry.kind === 'stocktake') return `Stocktake ${entry.detail.slice(0, 8)}`;
  return entry.detail || '—';
}

const timeOf = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function JournalScreen({ api }: { api: RegisterClient }) {
  const [entries, setEntries] = useState<ActivityEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    setBusy(true);
    api
      .activity({ limit: 100 })
      .then(
        (next) => {
          setEntries(next);
          setError(null);
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  }, [api]);

  useEffect(load, [load]);

  return (
    <main className="journal">
      <div className="journal-head">
        <h2>Journal</h2>
        <p className="dialog-hint">Who did what at this store, newest first.</p>
        <button type="button" className="button" onClick={load} disabled={busy}>
          {busy ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {entries && entries.length === 0 && <p className="cart-empty">Nothing recorded yet.</p>}
      {entries && entries.length > 0 && (
        <Table aria-label="Journal" className="journal-table">
          <TableHeader>
            <Column isRowHeader>When</Column>
            <Column>What</Column>
            <Column>Who</Column>
            <Column>About</Column>
            <Column className="num">Titles</Column>
            <Column className="num">Copies</Column>
          </TableHeader>
          <TableBody>
            {entries.map((entry, index) => (
              <Row key={`${entry.at}-${index}`} data-testid="journal-row">
                <Cell>{timeOf(entry.at)}</Cell>
                <Cell>{KIND_LABEL[entry.kind]}</Cell>
                <Cell>{entry.actor}</Cell>
                <Cell>{detailOf(entry)}</Cell>
                <Cell className="num">{entry.titles}</Cell>
                <Cell className="num">{entry.copies}</Cell>
              </Row>
            ))}
          </TableBody>
        </Table>
      )}
    </main>
  );
}
