// The delivery's lines: each title with its quantity, which can be typed, and a way to remove it.
import { ColumnHeads, LineRow, RemoveLineButton } from '../ui/table-parts.js';
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
      <ColumnHeads
        columns={[
          { label: 'Title' },
          { label: 'Author' },
          { label: 'ISBN' },
          { label: 'Copies', className: 'num' },
          { label: 'Remove', hidden: true },
        ]}
      />
      <tbody>
        {lines.map((line) => (
          <LineRow key={line.isbn} isbn={line.isbn} lastIsbn={lastIsbn}>
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
              <RemoveLineButton
                className="button small secondary"
                title={line.title}
                onPress={() => onRemove(line.isbn)}
              />
            </td>
          </LineRow>
        ))}
      </tbody>
    </table>
  );
}
