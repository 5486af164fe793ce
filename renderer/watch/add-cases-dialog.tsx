import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { WatchAddResult } from '../../shared/ipc.ts';
import { offload, unwrap } from '../api/offload.ts';
import './watch.css';

// Adding cases to watch: pasted ids (or CSV with labels and client
// references) or a file read here in the page, since the main process
// never opens a path the page names. The main process parses either, and
// the outcome is shown line by line: what was added, what was watched
// already, and each line it could not read, with the reason.
//
// A native modal <dialog>: the browser keeps focus inside it, makes the
// rest of the page inert and closes it on Escape.

export interface AddCasesDialogProps {
  onClose(): void;
  onAdded(ids: string[]): void;
}

/** The same limit the IPC contract sets on the text. */
const MAX_TEXT_BYTES = 10 * 1024 * 1024;

/** The "Add cases" modal dialog. */
export function AddCasesDialog({ onClose, onAdded }: AddCasesDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<WatchAddResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = {
    title: useId(),
    text: useId(),
    textHint: useId(),
    file: useId(),
  };

  useEffect(() => {
    const element = dialog.current;
    // No close on cleanup: StrictMode's second mount would see a close
    // event and report the dialog closed; removal from the page is enough.
    if (element && !element.open) element.showModal();
  }, []);

  async function add(
    source: 'paste' | 'file',
    readText: () => Promise<string>,
  ) {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body = await readText();
      if (body.length > MAX_TEXT_BYTES) {
        throw new Error(
          'That is larger than 10 MB; split it into smaller files.',
        );
      }
      const outcome = await unwrap(offload().watch.add({ text: body, source }));
      setResult(outcome);
      if (outcome.added.length > 0) onAdded(outcome.added);
      if (source === 'paste' && outcome.problems.length === 0) setText('');
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  function onPasteSubmit(event: FormEvent | KeyboardEvent) {
    event.preventDefault();
    if (text.trim() === '' || busy) return;
    void add('paste', async () => text);
  }

  function onTextKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      onPasteSubmit(event);
    }
  }

  function onFileAdd() {
    if (file === null || busy) return;
    if (file.size > MAX_TEXT_BYTES) {
      setError(`${file.name} is larger than 10 MB; split it first.`);
      return;
    }
    void add('file', () => file.text());
  }

  return (
    <dialog
      ref={dialog}
      className="add-cases-dialog"
      aria-labelledby={ids.title}
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 id={ids.title}>Add cases</h2>
      </header>

      <form className="add-cases-paste" onSubmit={onPasteSubmit}>
        <label htmlFor={ids.text}>Case ids</label>
        <textarea
          id={ids.text}
          rows={8}
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onTextKeyDown}
          aria-describedby={ids.textHint}
        />
        <p id={ids.textHint} className="muted">
          Paste one or more case ids, separated by spaces, commas or new lines.
          To add labels and client references, paste CSV with a header row:{' '}
          <code>caseId,label,clientReferenceId</code>. Lines starting with # are
          skipped.
        </p>
        <div className="field-actions">
          <button
            type="submit"
            className="button-primary"
            disabled={busy || text.trim() === ''}
          >
            Add pasted ids
          </button>
          <span className="muted">Ctrl+Enter</span>
        </div>
      </form>

      <div className="add-cases-file">
        <label htmlFor={ids.file}>Or import a file (CSV or text)</label>
        <div className="field-actions">
          <input
            id={ids.file}
            type="file"
            accept=".csv,.txt,.tsv,text/csv,text/plain"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <button
            type="button"
            disabled={busy || file === null}
            onClick={onFileAdd}
          >
            {file === null ? 'Add from file' : `Add from ${file.name}`}
          </button>
        </div>
      </div>

      <div className="add-cases-outcome" aria-live="polite">
        {busy && <p className="muted">Adding…</p>}
        {error !== null && (
          <p className="notice notice-danger">Nothing was added: {error}</p>
        )}
        {result !== null && <WatchAddOutcome result={result} />}
      </div>

      <footer className="dialog-footer">
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </footer>
    </dialog>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Added, already watched and unreadable lines, in that order. */
function WatchAddOutcome({ result }: { result: WatchAddResult }) {
  const { added, already, problems } = result;
  const nothing =
    added.length === 0 && already.length === 0 && problems.length === 0;
  return (
    <div className="watch-outcome">
      {nothing && <p>No case ids were found in that text.</p>}
      {added.length > 0 && (
        <p className="notice notice-success">
          Added {plural(added.length, 'case', 'cases')}. They are read from
          Offload on the next sync.
        </p>
      )}
      {already.length > 0 && (
        <div className="notice">
          <p>
            {plural(already.length, 'case was', 'cases were')} already watched:
          </p>
          <ul className="id-list mono">
            {already.slice(0, 50).map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ul>
          {already.length > 50 && (
            <p className="muted">and {already.length - 50} more.</p>
          )}
        </div>
      )}
      {problems.length > 0 && (
        <div className="notice notice-warning">
          <p>{plural(problems.length, 'line', 'lines')} could not be read:</p>
          <ul className="problem-list">
            {problems.map((problem, index) => (
              <li key={`${problem.line}-${index}`}>
                <span className="problem-line">Line {problem.line}</span>
                {problem.text !== '' && (
                  <span className="mono problem-text">{problem.text}</span>
                )}
                <span>{problem.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
