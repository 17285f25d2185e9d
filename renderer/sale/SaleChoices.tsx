// The choices a cashier has while a strong sale waits for the master: each button is disabled
// while a choice is being carried out, so nothing is sent twice.
import type { ReactNode, Ref } from 'react';
import { Button } from 'react-aria-components';

export interface ChoiceButtonProps {
  tone: 'primary' | 'secondary' | 'danger';
  busy: boolean;
  onPress: () => void;
  ref?: Ref<HTMLButtonElement>;
  children: ReactNode;
}

export function ChoiceButton({ tone, busy, onPress, ref, children }: ChoiceButtonProps) {
  return (
    <Button ref={ref} className={`button ${tone}`} isDisabled={busy} onPress={onPress}>
      {children}
    </Button>
  );
}

export function RetryButton(props: Omit<ChoiceButtonProps, 'tone' | 'children'>) {
  return (
    <ChoiceButton tone="primary" {...props}>
      {props.busy ? 'Trying…' : 'Try again'}
    </ChoiceButton>
  );
}

export function CancelSaleButton(props: Omit<ChoiceButtonProps, 'tone' | 'children'>) {
  return (
    <ChoiceButton tone="danger" {...props}>
      Cancel the sale
    </ChoiceButton>
  );
}
