// The register opens here until someone signs in: a PIN alone says who it is.
import { PinForm } from './PinForm.js';
import { StaffGate, type GateScreenProps } from './StaffGate.js';

export function SignInScreen({ api, storeName, onSession }: GateScreenProps) {
  return (
    <StaffGate storeName={storeName} title="Sign in">
      <p className="dialog-hint">Type your PIN and press Enter.</p>
      <PinForm
        label="Your PIN"
        submitLabel="Sign in"
        onSubmit={async (pin) => onSession(await api.signIn({ pin }))}
      />
    </StaffGate>
  );
}
