// What goes on paper: only the receipt text, at the top level of the page so the print style
// sheet can hide everything else (dialogs, cart, status bar) and size it for an 80 mm roll.
import { createPortal } from 'react-dom';

export function PrintArea({ text }: { text: string | null }) {
  if (text === null) return null;
  return createPortal(
    <div className="print-area" aria-hidden="true">
      <pre className="print-receipt">{text}</pre>
    </div>,
    document.body,
  );
}
