// The delivery's lines: each title with its quantity, which can be typed, and a way to remove it.
import { Button } from 'react-aria-components';
import type { DeliveryLine } from './delivery-lines.js';

export function DeliveryTable({
  lines,
  lastIsbn,
  onQty,
  onRemove,
}: {
  lines: readonly DeliveryLine[];
  lastIsbn: string | null;
  onQty: (isbn: string, qty: number) => void;
  onRemove: (isbn: string) => void;
}) {
  return (
    <table className="delivery-table" aria-label="Delivery lines">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Author</th>
          <th scope="col">ISBN</th>
          <th scope="col" className="num">
            Copies
          </th>
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr
            key={line.isbn}
            data-isbn={line.isbn}
            className={line.isbn === lastIsbn ? 'last-touched' : undefined}
          >
            <td>{line.title}</td>
            <td>{line.author}</td>
            <td>{line.isbn}</td>
            <td className="num">
              <input
                className="qty-input"
                type="number"
                inputMode="numeric"
                min={1}
                max={100_000}
                aria-label={`Copies of ${line.title}`}
                value={Number.isNaN(line.qty) ? '' : line.qty}
                onChange={(event) =>
                  onQty(line.isbn, event.target.value === '' ? NaN : Number(event.target.value))
                }
              />
            </td>
            <td>
              <Button
                className="button small secondary"
                aria-label={`Remove ${line.title}`}
                onPress={() => onRemove(line.isbn)}
              >
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
