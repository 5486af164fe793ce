import { useEffect, useId, useRef } from 'react';

export interface LinkConfirmProps {
  url: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before a link from a transcript leaves the app: the text came from
 * a stranger's e-mail, so the person sees the whole address first.
 * Cancel has the focus, so a stray Enter does nothing harmful.
 */
export function LinkConfirm({ url, onConfirm, onCancel }: LinkConfirmProps) {
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div
      className="link-confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p id={titleId}>Open this link in your browser?</p>
      <p className="link-confirm-url mono">{url}</p>
      <div className="link-confirm-actions">
        <button type="button" className="button-primary" onClick={onConfirm}>
          Open link
        </button>
        <button type="button" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
