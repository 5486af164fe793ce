// A message beside the control it is about, tied to it with
// aria-describedby by the caller (the id is passed in).

export interface FieldErrorProps {
  id: string;
  message: string | undefined;
}

/** The reason a field's value was refused, or nothing. */
export function FieldError({ id, message }: FieldErrorProps) {
  if (message === undefined) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}
