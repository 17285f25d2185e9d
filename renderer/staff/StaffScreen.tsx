// The manager's staff list: who may sign in at this register, adding someone with their first PIN,
// giving someone a new PIN, and disabling someone who has left (their name stays on what they did).
import { useCallback, useEffect, useState } from 'react';
import { Input, Label, Radio, RadioGroup, TextField } from 'react-aria-components';
import type { StaffMemberView, StaffRoleName } from '../../app/protocol/staff-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { AppDialog } from '../ui/AppDialog.js';
import { NoticeLine, type Notice } from '../ui/notice.js';
import { PinForm } from './PinForm.js';
import './staff.css';

const ROLE_LABEL: { readonly [R in StaffRoleName]: string } = {
  cashier: 'Cashier',
  manager: 'Manager',
};

export function StaffScreen({ api }: { api: RegisterClient }) {
  const [people, setPeople] = useState<StaffMemberView[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRoleName>('cashier');
  const [newPinFor, setNewPinFor] = useState<StaffMemberView | null>(null);
  const [disabling, setDisabling] = useState<StaffMemberView | null>(null);

  const load = useCallback(() => {
    api
      .staffList({})
      .then(setPeople, (failure: unknown) =>
        setNotice({ tone: 'error', text: messageOf(failure) }),
      );
  }, [api]);
  useEffect(load, [load]);

  const add = async (pin: string) => {
    const added = await api.staffAdd({ name: name.trim(), role, pin });
    setName('');
    setNotice({
      tone: 'info',
      text: `${added.name} can sign in now, as ${ROLE_LABEL[added.role].toLowerCase()}.`,
    });
    load();
  };

  const disable = (person: StaffMemberView) => {
    api.staffDisable({ staffId: person.staffId }).then(
      () => {
        setNotice({ tone: 'info', text: `${person.name} can no longer sign in.` });
        load();
      },
      (failure: unknown) => setNotice({ tone: 'error', text: messageOf(failure) }),
    );
    setDisabling(null);
  };

  return (
    <main className="journal staff-screen">
      <div className="journal-head">
        <h2>Staff</h2>
        <p className="dialog-hint">Who may sign in at this register. A PIN says who it is.</p>
      </div>
      <NoticeLine notice={notice} />
      {people && (
        <table className="journal-table" aria-label="Staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.staffId} data-testid="staff-row">
                <th scope="row">{person.name}</th>
                <td>{ROLE_LABEL[person.role]}</td>
                <td>{new Date(person.createdAt).toLocaleDateString()}</td>
                <td>
                  {person.disabledAt ? (
                    'Disabled'
                  ) : (
                    <>
                      <button
                        type="button"
                        className="button small"
                        onClick={() => setNewPinFor(person)}
                      >
                        New PIN for {person.name}
                      </button>{' '}
                      <button
                        type="button"
                        className="button small danger"
                        onClick={() => setDisabling(person)}
                      >
                        Disable {person.name}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="staff-add" aria-labelledby="staff-add-title">
        <h3 id="staff-add-title">Add someone</h3>
        <PinForm
          label="Their first PIN"
          submitLabel="Add"
          autoFocus={false}
          validate={() => (name.trim() ? null : 'Type their name first.')}
          onSubmit={add}
        >
          <TextField className="pin-field" value={name} onChange={setName} maxLength={24}>
            <Label className="pin-label">Name</Label>
            <Input className="name-input" autoComplete="off" />
          </TextField>
          <RadioGroup
            className="staff-role"
            value={role}
            onChange={(value) => setRole(value as StaffRoleName)}
          >
            <Label className="pin-label">Role</Label>
            <Radio value="cashier">Cashier</Radio>
            <Radio value="manager">Manager</Radio>
          </RadioGroup>
        </PinForm>
      </section>
      <AppDialog
        title={newPinFor ? `New PIN for ${newPinFor.name}` : 'New PIN'}
        isOpen={newPinFor !== null}
        onClose={() => setNewPinFor(null)}
      >
        {newPinFor && (
          <PinForm
            label="New PIN"
            submitLabel="Set PIN"
            onSubmit={async (pin) => {
              await api.staffSetPin({ staffId: newPinFor.staffId, pin });
              setNotice({ tone: 'info', text: `${newPinFor.name} signs in with the new PIN now.` });
              setNewPinFor(null);
            }}
            actions={
              <button type="button" className="button" onClick={() => setNewPinFor(null)}>
                Cancel <kbd>Esc</kbd>
              </button>
            }
          />
        )}
      </AppDialog>
      <AppDialog
        title={disabling ? `Disable ${disabling.name}?` : 'Disable'}
        isOpen={disabling !== null}
        onClose={() => setDisabling(null)}
        role="alertdialog"
      >
        <p className="dialog-hint">
          They can no longer sign in. Their name stays on the sales and counts they recorded.
        </p>
        <div className="dialog-actions">
          <button
            type="button"
            className="button danger"
            onClick={() => disabling && disable(disabling)}
          >
            Disable
          </button>
          <button type="button" className="button" onClick={() => setDisabling(null)}>
            Keep <kbd>Esc</kbd>
          </button>
        </div>
      </AppDialog>
    </main>
  );
}
