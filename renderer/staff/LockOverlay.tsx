// The register locked itself (or was locked): everything stays as it was underneath, covered, until
// the same person or another member of staff enters a PIN.
import type { SessionView } from '../../app/protocol/staff-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { AppDialog } from '../ui/AppDialog.js';
import { PinForm } from './PinForm.js';

export function LockOverlay({
  api,
  session,
  onSession,
}: {
  api: RegisterClient;
  session: SessionView;
  onSession: (session: SessionView) => void;
}) {
  const who = session.signedIn?.name ?? 'Staff';
  return (
    <AppDialog title="Register locked" isOpen role="alertdialog" className="lock-dialog">
      <p className="dialog-hint">
        {session.idleLockMinutes > 0
          ? `Locked after ${session.idleLockMinutes} minutes without use, or by hand.`
          : 'Locked by hand.'}{' '}
        {who}, or anyone else on staff: enter your PIN to carry on.
      </p>
      <PinForm
        label="PIN to unlock"
        submitLabel="Unlock"
        onSubmit={async (pin) => onSession(await api.signIn({ pin }))}
        actions={
          <button
            type="button"
            className="button"
            onClick={() => void api.signOut({}).then(onSession)}
          >
            Sign {who} out
          </button>
        }
      />
    </AppDialog>
  );
}
