import type { RegisterClient } from './api/register-client.js';
import { CashierScreen } from './cashier/CashierScreen.js';
import { StatusBar } from './status/StatusBar.js';
import { useRegisterStatus } from './status/use-register-status.js';

/** Who rings up sales until staff sign in with PINs (a later part of the register). */
export const COUNTER_CASHIER = 'counter';

export function App({ api }: { api: RegisterClient }) {
  const { status, error } = useRegisterStatus(api);
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
        <span className="header-screen">Till</span>
        {error && (
          <span className="header-warning" role="alert">
            Connection trouble: {error}
          </span>
        )}
      </header>
      <CashierScreen api={api} status={status} cashier={COUNTER_CASHIER} />
      <StatusBar status={status} api={api} cashier={COUNTER_CASHIER} />
    </div>
  );
}
