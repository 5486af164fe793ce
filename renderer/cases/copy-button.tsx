import { useState } from 'react';

export interface CopyButtonProps {
  text: string;
  /** What is copied, for the button's name: "Copy case id". */
  what: string;
}

/** Copies text to the clipboard and says, politely, whether it worked. */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [result, setResult] = useState<string>('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setResult('Copied');
    } catch {
      setResult('Could not copy');
    }
  }
  return (
    <span className="copy-button">
      <button
        type="button"
        className="button-small"
        aria-label={`Copy ${what}`}
        onClick={copy}
      >
        Copy
      </button>
      <span className="muted" role="status">
        {result}
      </span>
    </span>
  );
}
