// Asked whenever the register answers that a call needs a manager: a manager types their PIN at
// the cashier's register, the register approves the next manager-only call, and it is made again.
import type { RegisterClient } from '../api/register-client.js';
import { AppDialog } from '../ui/AppDialog.js';
import { PinForm } from './PinForm.js';

export function ManagerPinDialog({
  api,
  reason,
  onApproved,
  onCancel,
}: {
  api: RegisterClient;
  reason: string;
  onApproved: () => void;
  onCancel: () => void;
}) {
  return (
    <AppDialog title="Manager’s PIN needed" isOpen onClose={onCancel} className="manager-dialog">
      <p className="dialog-hint">{reason}</p>
      <PinForm
        label="Manager’s PIN"
        submitLabel="Approve"
        onSubmit={async (pin) => {
          await api.managerApprove({ pin });
          onApproved();
        }}
        actions={
          <button type="button" className="button" onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
        }
      />
    </AppDialog>
  );
}
