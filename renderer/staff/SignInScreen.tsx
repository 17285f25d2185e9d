// The register opens here until someone signs in: a PIN alone says who it is.
import type { SessionView } from '../../app/protocol/staff-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { PinForm } from './PinForm.js';
import './staff.css';

export function SignInScreen({
  api,
  storeName,
  onSession,
}: {
  api: RegisterClient;
  storeName: string;
  onSession: (session: SessionView) => void;
}) {
  return (
    <main className="staff-gate">
      <div className="staff-card">
        <h1 className="brand">Bookcase</h1>
        <p className="staff-store">{storeName}</p>
        <h2>Sign in</h2>
        <p className="dialog-hint">Type your PIN and press Enter.</p>
        <PinForm
          label="Your PIN"
          submitLabel="Sign in"
          onSubmit={async (pin) => onSession(await api.signIn({ pin }))}
        />
      </div>
    </main>
  );
}
