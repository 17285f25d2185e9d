// The store's rules for its staff: how long the register waits before locking itself, and how
// large a shelf correction a cashier may confirm without a manager's PIN (a manager's call).
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import type { StaffPolicy } from '../../app/protocol/staff-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { LabelledInput } from './LabelledInput.js';
import { NoticeLine } from '../ui/notice.js';
import { useSave } from '../ui/use-save.js';

/** A whole number from a text field, or null while it is not one. */
function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function StaffPolicyPanel({ api }: { api: RegisterClient }) {
  const [saved, setSaved] = useState<StaffPolicy | null>(null);
  const [idle, setIdle] = useState('');
  const [threshold, setThreshold] = useState('');
  const { notice, setNotice, saving, save: saveWith } = useSave();

  useEffect(() => {
    let live = true;
    api.staffPolicy({}).then(
      (policy) => {
        if (!live) return;
        setSaved(policy);
        setIdle(String(policy.idleLockMinutes));
        setThreshold(String(policy.correctionManagerThreshold));
      },
      (error: unknown) => live && setNotice({ tone: 'error', text: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const save = () => {
    const idleLockMinutes = wholeNumber(idle);
    const correctionManagerThreshold = wholeNumber(threshold);
    if (idleLockMinutes === null || correctionManagerThreshold === null) {
      setNotice({ tone: 'error', text: 'Type whole numbers: minutes, and a number of copies.' });
      return;
    }
    saveWith(
      () => api.setStaffPolicy({ idleLockMinutes, correctionManagerThreshold }),
      (next) => {
        setSaved(next);
        return `${next.idleLockMinutes === 0 ? 'The register no longer locks by itself' : `The register locks after ${next.idleLockMinutes} idle minute${next.idleLockMinutes === 1 ? '' : 's'}`}; corrections of more than ${next.correctionManagerThreshold} cop${next.correctionManagerThreshold === 1 ? 'y' : 'ies'} need a manager.`;
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="settings-staff-title">
      <h2 id="settings-staff-title">Staff rules</h2>
      <form
        className="enrol-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <LabelledInput
          id="policy-idle"
          label="Lock the register after this many idle minutes (0: never)"
          inputMode="numeric"
          value={idle}
          onChange={setIdle}
        />
        <LabelledInput
          id="policy-threshold"
          label="A shelf correction of more copies than this needs a manager"
          inputMode="numeric"
          value={threshold}
          onChange={setThreshold}
        />
        <Button type="submit" className="button primary" isDisabled={saving || saved === null}>
          {saving ? 'Saving…' : 'Save staff rules'}
        </Button>
      </form>
      <NoticeLine notice={notice} testId="policy-notice" />
    </section>
  );
}
