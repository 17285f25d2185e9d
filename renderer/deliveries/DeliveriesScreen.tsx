// Receiving a delivery: scan every copy off the supplier's boxes (one scan, one copy), correct a
// quantity or remove a line, note the supplier's reference, and receive it in one call; the new
// on-hand of each title is shown. The list is only cleared once the register has taken it, so a
// failed call loses nothing.
import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { NoticeLine, type Notice } from '../ui/notice.js';
import { ScanField, type ScanEntry, type ScanFieldHandle } from '../scan/ScanField.js';
import {
  addCopy,
  copiesIn,
  problemWith,
  removeLine,
  setQty,
  withoutReceived,
  type DeliveryLine,
} from './delivery-lines.js';
import { DeliveryTable } from './DeliveryTable.js';

interface Received {
  reference: string;
  copies: number;
  titles: { isbn: string; title: string; onHand: number }[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function DeliveriesScreen({ api }: { api: RegisterClient }) {
  const [lines, setLines] = useState<DeliveryLine[]>([]);
  const [reference, setReference] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [received, setReceived] = useState<Received | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastIsbn, setLastIsbn] = useState<string | null>(null);
  // Look-ups run one after another, so a fast scanner's copies land in the order scanned.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const scanField = useRef<ScanFieldHandle>(null);

  const onScan = (entry: ScanEntry) => {
    queue.current = queue.current.then(async () => {
      try {
        const title = await api.lookupTitle({ scan: entry.isbn13 });
        setLines((current) => addCopy(current, title));
        setLastIsbn(title.isbn);
        setReceived(null);
        setNotice(null);
      } catch (error) {
        setNotice({
          tone: 'error',
          text: `${messageOf(error)} Nothing was added for ${entry.isbn13}.`,
        });
      }
    });
  };

  const adjustLast = (delta: 1 | -1) => {
    if (!lastIsbn) return;
    setLines((current) =>
      setQty(
        current,
        lastIsbn,
        Math.max(1, (current.find((line) => line.isbn === lastIsbn)?.qty ?? 1) + delta),
      ),
    );
  };

  const receive = async () => {
    const problem = problemWith(lines);
    if (problem) {
      setNotice({ tone: 'error', text: problem });
      return;
    }
    setBusy(true);
    const sent = lines.map(({ isbn, qty }) => ({ isbn, qty }));
    try {
      const result = await api.receiveDelivery({ reference: reference.trim(), lines: sent });
      const titleOf = new Map(lines.map((line) => [line.isbn, line.title]));
      setReceived({
        reference: reference.trim(),
        copies: copiesIn(lines),
        titles: result.titles.map((entry) => ({
          ...entry,
          title: titleOf.get(entry.isbn) ?? entry.isbn,
        })),
      });
      setLines((current) => withoutReceived(current, sent));
      setReference('');
      setLastIsbn(null);
      setNotice(null);
    } catch (error) {
      setNotice({
        tone: 'error',
        text: `The delivery was not received: ${messageOf(error)} The list is kept; try again.`,
      });
    } finally {
      setBusy(false);
      scanField.current?.focus();
    }
  };

  const copies = copiesIn(lines);
  return (
    <main className="deliveries">
      <div className="deliveries-main">
        <h1 className="screen-title">Receive a delivery</h1>
        <ScanField ref={scanField} onScan={onScan} onAdjustLast={adjustLast} />
        <NoticeLine notice={notice} testId="delivery-notice" />
        {received && (
          <section className="delivery-received" aria-label="Delivery received">
            <p className="notice info" role="status" data-testid="delivery-received">
              Received {plural(received.copies, 'copy', 'copies')} of{' '}
              {plural(received.titles.length, 'title')}
              {received.reference ? ` (${received.reference})` : ''}.
            </p>
            <table className="delivery-table" aria-label="On hand after the delivery">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">ISBN</th>
                  <th scope="col" className="num">
                    On hand now
                  </th>
                </tr>
              </thead>
              <tbody>
                {received.titles.map((entry) => (
                  <tr key={entry.isbn} data-isbn={entry.isbn}>
                    <td>{entry.title}</td>
                    <td>{entry.isbn}</td>
                    <td className="num on-hand-now">{entry.onHand}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {lines.length > 0 ? (
          <DeliveryTable
            lines={lines}
            lastIsbn={lastIsbn}
            onQty={(isbn, qty) => setLines((current) => setQty(current, isbn, qty))}
            onRemove={(isbn) => {
              setLines((current) => removeLine(current, isbn));
              scanField.current?.focus();
            }}
          />
        ) : (
          !received && (
            <p className="delivery-empty">
              Scan each copy as it comes out of the box: one scan, one copy.
            </p>
          )
        )}
      </div>
      <aside className="deliveries-side">
        <label className="field">
          <span>Supplier reference</span>
          <input
            className="text-input"
            value={reference}
            maxLength={200}
            placeholder="Delivery note no."
            onChange={(event) => setReference(event.target.value)}
          />
        </label>
        <p className="delivery-summary" data-testid="delivery-summary">
          {plural(copies, 'copy', 'copies')} of {plural(lines.length, 'title')}
        </p>
        <Button
          className="button primary"
          isDisabled={busy || lines.length === 0}
          onPress={() => void receive()}
        >
          {busy ? 'Receiving…' : 'Receive delivery'}
        </Button>
      </aside>
    </main>
  );
}
