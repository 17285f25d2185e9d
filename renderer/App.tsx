import { useCallback, useEffect, useRef, useState } from 'react';
import type { RegisterClient } from './api/register-client.js';
import { CashierScreen } from './cashier/CashierScreen.js';
import { StatusBar } from './status/StatusBar.js';
import { useRegisterStatus } from './status/use-register-status.js';
import { StocktakeScreen } from './stocktake/StocktakeScreen.js';

/** Who rings up sales until staff sign in with PINs (a later part of the register). */
export const COUNTER_CASHIER = 'counter';

type Screen = 'till' | 'stocktake';
const SCREENS: { screen: Screen; label: string; key: string }[] = [
  { screen: 'till', label: 'Till', key: 'F2' },
  { screen: 'stocktake', label: 'Stocktake', key: 'F3' },
];

export function App({ api }: { api: RegisterClient }) {
  const { status, error } = useRegisterStatus(api);
  const [screen, setScreen] = useState<Screen>('till');
  const [blocked, setBlocked] = useState<string | null>(null);
  // Leaving the till mid-sale would drop the cart: the till says when it can be left.
  const tillIdle = useRef(true);
  const onTillIdle = useCallback((idle: boolean) => {
    tillIdle.current = idle;
    if (idle) setBlocked(null);
  }, []);
  const show = useCallback((next: Screen) => {
    if (next !== 'till' && !tillIdle.current) {
      setBlocked('Finish or clear the sale before leaving the till.');
      return;
    }
    setBlocked(null);
    setScreen(next);
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = SCREENS.find((entry) => entry.key === event.key);
      if (!target) return;
      event.preventDefault();
      show(target.screen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [show]);

  if (!status) {
    return (
      <div className="boot">
        <h1 className="brand">Bookcase</h1>
        {error ? (
          <p className="boot-error" role="alert">
            The register is not answering: {error}
          </p>
        ) : (
          <p>Opening the register…</p>
        )}
      </div>
    );
  }
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Bookcase</span>
        <span className="header-store">{status.storeName}</span>
        <nav className="screen-switch" aria-label="Screens">
          {SCREENS.map((entry) => (
            <button
              key={entry.screen}
              type="button"
              className="screen-tab"
              aria-current={screen === entry.screen ? 'page' : undefined}
              onClick={() => show(entry.screen)}
            >
              {entry.label} <kbd>{entry.key}</kbd>
            </button>
          ))}
        </nav>
        {blocked && (
          <span className="header-warning" role="alert" data-testid="screen-blocked">
            {blocked}
          </span>
        )}
        {error && (
          <span className="header-warning" role="alert">
            Connection trouble: {error}
          </span>
        )}
      </header>
      {screen === 'till' ? (
        <CashierScreen
          api={api}
          status={status}
          cashier={COUNTER_CASHIER}
          onIdleChange={onTillIdle}
        />
      ) : (
        <StocktakeScreen api={api} manager={COUNTER_CASHIER} currency={status.currency} />
      )}
      <StatusBar status={status} api={api} cashier={COUNTER_CASHIER} />
    </div>
  );
}
