import { useId } from 'react';
import type { ReactNode } from 'react';
import { FieldError } from './field-error.tsx';

// One labelled text box with its hint and the reason its value was
// refused, both tied to it for screen readers. URLs and keys are never
// spell-checked (the checker would send them to a dictionary service) and
// keys are never offered for autofill.

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Why the value was refused, shown under the box. */
  problem?: string | undefined;
  type?: 'text' | 'url' | 'password';
  placeholder?: string;
  /** Words under the box that say what belongs in it. */
  hint?: ReactNode;
}

/** A labelled input with its hint and its problem. */
export function TextField(props: TextFieldProps) {
  const { label, value, onChange, problem, hint } = props;
  const type = props.type ?? 'text';
  const id = useId();
  const errorId = useId();
  const hintId = useId();
  const describedBy = [
    problem === undefined ? null : errorId,
    hint === undefined ? null : hintId,
  ]
    .filter((part) => part !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={props.placeholder}
        spellCheck={type === 'text' ? undefined : false}
        autoComplete={type === 'password' ? 'off' : undefined}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem !== undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {hint !== undefined && (
        <p id={hintId} className="muted">
          {hint}
        </p>
      )}
      <FieldError id={errorId} message={problem} />
    </div>
  );
}
