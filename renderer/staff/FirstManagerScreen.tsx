// A new store's register has nobody to sign in: its first manager names themself and picks a PIN
// here, once. Everyone else is added by a manager afterwards.
import { useState } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import { PinForm } from './PinForm.js';
import { StaffGate, type GateScreenProps } from './StaffGate.js';

export function FirstManagerScreen({ api, storeName, onSession }: GateScreenProps) {
  const [name, setName] = useState('');
  return (
    <StaffGate storeName={storeName} title="Create the first manager">
      <p className="dialog-hint">
        This register has no staff yet. The first manager signs in with this PIN and adds everyone
        else.
      </p>
      <PinForm
        label="Choose a PIN"
        submitLabel="Create and sign in"
        autoFocus={false}
        validate={() => (name.trim() ? null : 'Type your name first.')}
        onSubmit={async (pin) => onSession(await api.firstManager({ name: name.trim(), pin }))}
      >
        <TextField className="pin-field" value={name} onChange={setName} maxLength={24} autoFocus>
          <Label className="pin-label">Your name</Label>
          <Input className="name-input" autoComplete="off" />
        </TextField>
      </PinForm>
    </StaffGate>
  );
}
