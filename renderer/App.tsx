import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from './api/api-error.js';
import { withStaffGuards, type RegisterClient } from './api/register-client.js';
import { SCREENS, TILL_SCREEN } from './shell/screens.js';
import { FirstManagerScreen } from './staff/FirstManagerScreen.js';
import { LockOverlay } from './staff/LockOverlay.js';
import { SignInScreen } from './staff/SignInScreen.js';
import { useIdleLock } from './staff/use-idle-lock.js';
import { useManagerApproval } from './staff/use-manager-approval.js';
import { useStaffSession } from './staff/use-staff-session.js';
import { StatusBar } from './status/StatusBar.js';
import { useRegisterStatus } from './status/use-register-status.js';

/** Signs out from anywhere once signed in. */
export const SIGN_OUT_KEY = 'F12';

export function App({ api: rawApi }: { api: RegisterClient }) {
  // Everything but sign-in waits for a signed-in, unlocked session; any call that needs a manager
  // asks for a manager's PIN once, here, for every screen.
  const staff = useStaffSession(rawApi);
  const { session, setSession } = staff;
  const approval = useManagerApproval(rawApi);
  const api = useMemo(
    () => withStaffGuards(rawApi, { approve: approval.approve, onSessionRefused: staff.refresh }),
    [rawApi, approval.approve, staff.refresh],
  );
  useIdleLock(rawApi, session, setSession);
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

  const signedIn = Boolean(session?.signedIn) && !session?.locked;
  const signOut = useCallback(() => {
    if (!tillIdle.current) {
      setBlocked('Finish or clear the sale before signing out.');
      return;
    }
    setBlocked(null);
    rawApi.signOut({}).then(
      (next) => {
        setScreen(TILL_SCREEN);
        setSession(next);
      },
      (failure: unknown) => setBlocked(messageOf(failure)),
    );
  }, [rawApi, setSession]);

  useEffect(() => {
    if (!signedIn) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === SIGN_OUT_KEY) {
        event.preventDefault();
        signOut();
        return;
      }
      const target = SCREENS.find((entry) => entry.key === event.key);
      if (!target) return;
      event.preventDefault();
      show(target.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [show, signOut, signedIn]);

  if (!status || !session) {
    const trouble = error ?? staff.error;
    return (
      <div className="boot">
        <h1 className="brand">Bookcase</h1>
        {trouble ? (
          <p className="boot-error" role="alert">
            The register is not answering: {trouble}
          </p>
        ) : (
          <p>Opening the register…</p>
        )}
      </div>
    );
  }
  if (session.noStaffYet) {
    return <FirstManagerScreen api={rawApi} storeName={status.storeName} onSession={setSession} />;
  }
  if (!session.signedIn) {
    return <SignInScreen api={rawApi} storeName={status.storeName} onSession={setSession} />;
  }
  const who = session.signedIn;
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
        <span className="header-staff">
          <span>
            <span className="header-staff-name" data-testid="signed-in">
              {who.name}
            </span>
            <span className="header-staff-role">
              {who.role === 'manager' ? 'Manager' : 'Cashier'}
            </span>
          </span>
          <button type="button" className="button small" onClick={signOut}>
            Sign out <kbd>{SIGN_OUT_KEY}</kbd>
          </button>
        </span>
      </header>
      {SCREENS.find((entry) => entry.id === screen)?.render({ api, status, onTillIdle })}
      <StatusBar status={status} api={api} cashier={who.name} />
      {session.locked && <LockOverlay api={rawApi} session={session} onSession={setSession} />}
      {approval.dialog}
    </div>
  );
}
