// The pieces every table of lines shares (the sale, a delivery, a return, the reports), so that a
// column heading, a title with its author and ISBN, or the row just scanned look the same on each.
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';

export interface Column {
  label: string;
  className?: string;
  /** Read out to screen readers only (a column of buttons needs no visible heading). */
  hidden?: boolean;
}

export function ColumnHeads({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column.label} scope="col" className={column.className}>
            {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A title's row; the one scanned or changed last stands out so the cashier sees what moved. */
export function LineRow({
  isbn,
  lastIsbn,
  children,
}: {
  isbn: string;
  lastIsbn: string | null;
  children: ReactNode;
}) {
  return (
    <tr data-isbn={isbn} className={isbn === lastIsbn ? 'last-touched' : undefined}>
      {children}
    </tr>
  );
}

export function TitleCell({
  title,
  author,
  isbn,
}: {
  title: string;
  author: string;
  isbn: string;
}) {
  return (
    <td>
      <div className="cart-title">{title}</div>
      <div className="cart-meta">
        {author} · <span className="isbn">{isbn}</span>
      </div>
    </td>
  );
}

export function RemoveLineButton({
  title,
  className,
  onPress,
}: {
  title: string;
  className: string;
  onPress: () => void;
}) {
  return (
    <Button className={className} aria-label={`Remove ${title}`} onPress={onPress}>
      Remove
    </Button>
  );
}
