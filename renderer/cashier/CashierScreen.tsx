// The cashier's screen: scan, see the cart, take payment, hand over the receipt. Everything is
// reachable from the keyboard (a scanner is a keyboard): Enter adds, F8 cash, F9 card.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RegisterStatus, TitleLookup } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { CartTable } from '../cart/CartTable.js';
import {
  cartReducer,
  cartTotalCents,
  EMPTY_CART,
  itemCount,
  type CartAction,
} from '../cart/cart.js';
import { TotalsPanel } from '../cart/TotalsPanel.js';
import { CardDialog } from '../pay/CardDialog.js';
import { CashDialog } from '../pay/CashDialog.js';
import { PrintArea } from '../receipt/PrintArea.js';
import { DisputeDialog } from '../repair/DisputeDialog.js';
import { useDispute } from '../repair/use-dispute.js';
import { ReceiptDialog } from '../receipt/ReceiptDialog.js';
import { PendingSaleDialog } from '../sale/PendingSaleDialog.js';
import { RefusedSaleDialog } from '../sale/RefusedSaleDialog.js';
import { useRefusedSale } from '../sale/use-refused-sale.js';
import { useCheckout } from '../sale/use-checkout.js';
import { ScanField, type ScanEntry, type ScanFieldHandle } from '../scan/ScanField.js';
import { isEditable } from '../scan/keystroke-timing.js';
import { ScannedTitle } from '../title/ScannedTitle.js';
import { NoticeLine, type Notice } from '../ui/notice.js';
import { KeyboardHelp } from './KeyboardHelp.js';
import { useAvailability } from '../title/use-availability.js';

export interface CashierScreenProps {
  api: RegisterClient;
  status: RegisterStatus;
  /** Prints the page (its print style sheet shows only the receipt). */
  printPage?: () => void;
  /** Told whether the till may be left: no books in the cart and no dialog waiting. */
  onIdleChange?: (idle: boolean) => void;
}

export function CashierScreen({ api, status, printPage, onIdleChange }: CashierScreenProps) {
  // The cart is mirrored in a ref so a queued scan sees the copies already in it, even before
  // React has rendered the scans ahead of it.
  const [cart, setCart] = useState(EMPTY_CART);
  const cartNow = useRef(EMPTY_CART);
  const dispatch = useCallback((action: CartAction) => {
    cartNow.current = cartReducer(cartNow.current, action);
    setCart(cartNow.current);
  }, []);
  const { lines } = cart;
  const [lastTitle, setLastTitle] = useState<TitleLookup | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const scanField = useRef<ScanFieldHandle>(null);
  // Lookups run one after another, so the cart keeps the order the books were scanned in.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const availability = useAvailability(api, lastTitle?.isbn ?? null);
  const currency = status.currency;

  const notify = useCallback(
    (tone: 'info' | 'error', text: string) => setNotice({ tone, text }),
    [],
  );
  const checkout = useCheckout({
    api,
    status,
    lines,
    clearCart: () => {
      dispatch({ type: 'clear' });
      setLastTitle(null);
    },
    restoreCart: (restored) => dispatch({ type: 'restore', lines: restored }),
    notify,
    printPage: printPage ?? (() => window.print()),
  });
  const { stage } = checkout;
  const waiting = stage.kind === 'waiting' ? stage.outcome : null;
  const refusedOutcome = waiting?.status === 'rejected' ? waiting : null;
  const refused = useRefusedSale(refusedOutcome, {
    api,
    onOutcome: checkout.resolve,
    onCancel: checkout.cancelSale,
  });
  const disputes = useDispute({
    api,
    notify,
    onDecided: (isbn, onHand) =>
      setLastTitle((title) => (title?.isbn === isbn ? { ...title, onHand } : title)),
  });
  const dialogOpen = stage.kind !== 'ringing' || disputes.dispute !== null;
  // A finished sale's receipt may be left behind; a cart or a pending choice may not.
  const idle =
    lines.length === 0 && (stage.kind === 'ringing' || stage.kind === 'done') && !disputes.dispute;
  useEffect(() => onIdleChange?.(idle), [idle, onIdleChange]);

  const lookUp = (entry: ScanEntry) => {
    queue.current = queue.current.then(async () => {
      try {
        const title = await api.lookupTitle({ scan: entry.isbn13 });
        dispatch({ type: 'add', title });
        setLastTitle(title);
        setNotice(null);
        const atCounter = cartNow.current.lines.find((line) => line.isbn === title.isbn)?.qty ?? 1;
        await disputes.check(title, atCounter);
      } catch (error) {
        setNotice({ tone: 'error', text: messageOf(error) });
      }
    });
  };

  const onScan = (entry: ScanEntry) => {
    if (stage.kind === 'done') {
      // The next customer's first book: the last sale is finished.
      checkout.finish();
      lookUp(entry);
      return;
    }
    if (stage.kind !== 'ringing') {
      setNotice({ tone: 'error', text: 'Finish this payment before scanning the next book.' });
      return;
    }
    lookUp(entry);
  };

  const disputing = disputes.dispute !== null;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F8' || event.key === 'F9') {
        if (stage.kind !== 'ringing' || disputing) return;
        event.preventDefault();
        checkout.pay(event.key === 'F8' ? 'cash' : 'card');
        return;
      }
      if (stage.kind === 'done' && (event.key === 'p' || event.key === 'P')) {
        if (isEditable(event.target)) return;
        event.preventDefault();
        checkout.print();
      }
      // Focus can drop off the buttons (a print preview hides the page, leaving it on the dialog
      // or the body): Enter still means "next customer". On a button, the button decides.
      const onControl = event.target instanceof HTMLButtonElement || isEditable(event.target);
      if (stage.kind === 'done' && event.key === 'Enter' && !onControl) {
        event.preventDefault();
        checkout.finish();
      }
    };
    // Capture phase: React Aria's buttons stop key events from bubbling past themselves.
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [stage.kind, checkout, disputing]);

  const totalCents = cartTotalCents(lines);
  const paying = stage.kind === 'paying' ? stage.method : null;
  const printable = stage.kind === 'done' ? stage.receipt : null;

  return (
    <main className="cashier">
      <div className="cashier-main">
        <ScanField
          ref={scanField}
          onScan={onScan}
          onAdjustLast={(delta) => {
            // After the scans still being looked up: "+" right after a scan means that book.
            queue.current = queue.current.then(() => dispatch({ type: 'adjust-last', delta }));
          }}
          dialogOpen={dialogOpen}
        />
        <NoticeLine notice={notice} testId="notice" />
        <ScannedTitle title={lastTitle} availability={availability} currency={currency} />
        <div className="cart-wrap">
          <CartTable
            lines={lines}
            lastIsbn={cart.lastIsbn}
            currency={currency}
            onAdjust={(isbn, delta) => dispatch({ type: 'adjust', isbn, delta })}
            onRemove={(isbn) => dispatch({ type: 'remove', isbn })}
          />
        </div>
      </div>
      <aside className="cashier-side">
        <TotalsPanel
          totalCents={totalCents}
          items={itemCount(lines)}
          currency={currency}
          busy={checkout.busy}
          onCash={() => checkout.pay('cash')}
          onCard={() => checkout.pay('card')}
          onClear={() => {
            setNotice(null);
            dispatch({ type: 'clear' });
            setLastTitle(null);
            scanField.current?.focus();
          }}
        />
        <KeyboardHelp />
      </aside>

      <CashDialog
        isOpen={paying === 'cash'}
        totalCents={totalCents}
        currency={currency}
        busy={checkout.busy}
        error={checkout.error}
        onConfirm={(tenderedCents) => checkout.confirm({ method: 'cash', tenderedCents })}
        onCancel={checkout.back}
      />
      <CardDialog
        isOpen={paying === 'card'}
        totalCents={totalCents}
        currency={currency}
        busy={checkout.busy}
        error={checkout.error}
        onConfirm={(reference) =>
          checkout.confirm(reference ? { method: 'card', reference } : { method: 'card' })
        }
        onCancel={checkout.back}
      />
      <ReceiptDialog
        receipt={printable}
        currency={currency}
        printing={checkout.printing}
        printNote={checkout.printNote}
        onPrint={checkout.print}
        onDone={checkout.finish}
      />
      <PendingSaleDialog
        outcome={waiting?.status === 'master-unreachable' ? waiting : null}
        currency={currency}
        busy={checkout.busy}
        lastAttempt={checkout.lastAttempt}
        error={checkout.error}
        onRetry={checkout.retry}
        onCancelSale={() => checkout.cancelSale()}
        onContinueEventually={checkout.continueEventually}
      />
      <RefusedSaleDialog outcome={refusedOutcome} currency={currency} refused={refused} />
      <DisputeDialog
        dispute={disputes.dispute}
        busy={disputes.busy}
        error={disputes.error}
        onConfirm={disputes.confirm}
        onDecline={disputes.decline}
      />
      <PrintArea text={printable?.text ?? null} />
    </main>
  );
}
