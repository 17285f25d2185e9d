// One manager-PIN dialog for the whole register: withStaffGuards (register-client.ts) calls
// `approve` when the register answers MANAGER_REQUIRED, and retries the call once approved. Two
// calls needing a manager at once are asked for one after the other: each approval is used once.
import { useCallback, useRef, useState } from 'react';
import type { RegisterClient } from '../api/register-client.js';
import { ManagerPinDialog } from './ManagerPinDialog.js';

interface Request {
  reason: string;
  settle: (approved: boolean) => void;
}

export function useManagerApproval(api: RegisterClient) {
  const [request, setRequest] = useState<Request | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const approve = useCallback((reason: string): Promise<boolean> => {
    const turn = queue.current.then(
      () => new Promise<boolean>((settle) => setRequest({ reason, settle })),
    );
    queue.current = turn;
    return turn;
  }, []);

  const finish = (approved: boolean) => {
    request?.settle(approved);
    setRequest(null);
  };

  const dialog = request ? (
    <ManagerPinDialog
      api={api}
      reason={request.reason}
      onApproved={() => finish(true)}
      onCancel={() => finish(false)}
    />
  ) : null;
  return { approve, dialog };
}
