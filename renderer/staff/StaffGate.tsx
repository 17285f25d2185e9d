// The card a register shows until someone is signed in: the store, what to do, and the PIN form.
import type { ReactNode } from 'react';
import type { SessionView } from '../../app/protocol/staff-api.js';
import type { RegisterClient } from '../api/register-client.js';
import './staff.css';

/** What every screen before sign-in gets from the app. */
export interface GateScreenProps {
  api: RegisterClient;
  storeName: string;
  onSession: (session: SessionView) => void;
}

export function StaffGate({
  storeName,
  title,
  children,
}: {
  storeName: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <main className="staff-gate">
      <div className="staff-card">
        <h1 className="brand">Bookcase</h1>
        <p className="staff-store">{storeName}</p>
        <h2>{title}</h2>
        {children}
      </div>
    </main>
  );
}
