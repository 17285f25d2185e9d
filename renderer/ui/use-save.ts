// A change saved through the register: busy while the call runs, then one notice saying how it
// went (the caller's words when it worked, the register's when it did not).
import { useState } from 'react';
import { messageOf } from '../api/api-error.js';
import type { Notice } from './notice.js';

export function useSave() {
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);

  /** `saved` applies the register's answer and says in words what is now in force. */
  const save = <T>(call: () => Promise<T>, saved: (result: T) => string) => {
    setSaving(true);
    call()
      .then(
        (result) => setNotice({ tone: 'info', text: saved(result) }),
        (error: unknown) => setNotice({ tone: 'error', text: messageOf(error) }),
      )
      .finally(() => setSaving(false));
  };

  return { notice, setNotice, saving, save };
}
