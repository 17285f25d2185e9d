import { Button } from 'react-aria-components';
import { formatMoney } from '../lib/money.js';
import { ColumnHeads, LineRow, RemoveLineButton, TitleCell } from '../ui/table-parts.js';
import { lineTotalCents, MAX_QTY, type CartLine } from './cart.js';

export interface CartTableProps {
  lines: readonly CartLine[];
  lastIsbn: string | null;
  currency: string;
  onAdjust: (isbn: string, delta: number) => void;
  onRemove: (isbn: string) => void;
}

export function CartTable({ lines, lastIsbn, currency, onAdjust, onRemove }: CartTableProps) {
  const money = (cents: number) => formatMoney(cents, currency);
  if (lines.length === 0) {
    return (
      <div className="cart-empty">
        <p className="cart-empty-title">No books in this sale yet</p>
        <p>Scan a book&rsquo;s barcode, or type its ISBN and press Enter.</p>
      </div>
    );
  }
  return (
    <table className="cart" aria-label="Books in this sale">
      <ColumnHeads
        columns={[
          { label: 'Title' },
          { label: 'Price', className: 'num' },
          { label: 'Qty', className: 'qty-col' },
          { label: 'Line', className: 'num' },
          { label: 'Remove', hidden: true },
        ]}
      />
      <tbody>
        {lines.map((line) => (
          <LineRow key={line.isbn} isbn={line.isbn} lastIsbn={lastIsbn}>
            <TitleCell title={line.title} author={line.author} isbn={line.isbn} />
            <td className="num">{money(line.unitPriceCents)}</td>
            <td className="qty-col">
              <div className="qty">
                <Button
                  className="qty-button"
                  aria-label={`One fewer of ${line.title}`}
                  isDisabled={line.qty <= 1}
                  onPress={() => onAdjust(line.isbn, -1)}
                >
                  −
                </Button>
                <output className="qty-value" aria-label={`Quantity of ${line.title}`}>
                  {line.qty}
                </output>
                <Button
                  className="qty-button"
                  aria-label={`One more of ${line.title}`}
                  isDisabled={line.qty >= MAX_QTY}
                  onPress={() => onAdjust(line.isbn, 1)}
                >
                  +
                </Button>
              </div>
            </td>
            <td className="num line-total">{money(lineTotalCents(line))}</td>
            <td className="remove-col">
              <RemoveLineButton
                className="remove-button"
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
