// A label and its text box, as two cells of a settings form's grid (labels left, boxes right).
import type { InputHTMLAttributes, ReactNode } from 'react';

export interface LabelledInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange'
> {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
}

export function LabelledInput({ id, label, value, onChange, ...input }: LabelledInputProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input {...input} id={id} value={value} onChange={(event) => onChange(event.target.value)} />
    </>
  );
}
