import { useCallback, useEffect, useRef, useState } from 'react';
import type { RegisterClient } from './api/register-client.js';
import { COUNTER_CASHIER, SCREENS, TILL_SCREEN } from './shell/screens.js';
import { StatusBar } from './status/StatusBar.js';
import { useRegisterStatus } from './status/use-register-status.js';

export function App({ api }: { api: RegisterClient }) {
  const { status, error } = useRegisterStatus(api);
  const [screen, setScreen] = useState<string>(TILL_SCREEN);
  const [blocked, setBlocked] = useState<string | null>(null);
  // Leaving the till mid-sale would drop the cart: the till says when it can be left.
  const tillIdle = useRef(true);
  const onTillIdle = useCallback((idle: boolean) => {
    tillIdle.current = idle;
    if (idle) setBlocked(null);
  }, []);
  const show = useCallback((next: string) => {
    if (next !== TILL_SCREEN && !tillIdle.current) {
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
      show(target.id);
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
              key={entry.id}
              type="button"
              className="screen-tab"
              aria-current={screen === entry.id ? 'page' : undefined}
              onClick={() => show(entry.id)}
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
      {SCREENS.find((entry) => entry.id === screen)?.render({ api, status, onTillIdle })}
      <StatusBar status={status} api={api} cashier={COUNTER_CASHIER} />
    </div>
  );
}
