import { useCallback, useEffect, useState } from 'react';
import type { CaseDetail } from '../../shared/ipc.ts';
import { offload, unwrap } from '../api/offload.ts';
import { AnswerPanel } from '../answer/answer-panel.tsx';
import { AttachmentsPanel } from '../downloads/attachments-panel.tsx';
import { TranscriptView } from '../transcript/transcript-view.tsx';
import { useTranscript } from '../transcript/use-transcript.ts';
import { CaseDetailView } from './case-detail-view.tsx';

// The detail pane's container (keyed by case id by the frame, so state
// never carries over from one case to the next): reads the case (again whenever the frame
// bumps `reloadToken` because a sync event named it), marks it seen when
// opened, and wires refresh, the answer form, attachments and transcript.

export interface CaseDetailPaneProps {
  caseId: string;
  now: number;
  offline: boolean;
  /** Bumped by the frame when this case changed; the pane reads again. */
  reloadToken: number;
  /** Bumped when a new transcript was saved for this case. */
  transcriptToken: number;
  /** A search hit's words, to find in the transcript when it opens. */
  findQuery?: string;
  /** After the pane marked the case seen, so the list can drop its dot. */
  onSeen?: (caseId: string) => void;
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'loaded'; detail: CaseDetail | null };

function words(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The open case, read and kept current. */
export function CaseDetailPane(props: CaseDetailPaneProps) {
  const { caseId, now, offline, reloadToken, onSeen } = props;
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const transcript = useTranscript(caseId, props.transcriptToken);

  useEffect(() => {
    let live = true;
    unwrap(offload().cases.detail(caseId)).then(
      (detail) => {
        if (live) setLoaded({ kind: 'loaded', detail });
      },
      (error: unknown) => {
        if (live) setLoaded({ kind: 'failed', message: words(error) });
      },
    );
    return () => {
      live = false;
    };
    // oxlint-disable-next-line react/exhaustive-effect-dependencies, react-hooks/exhaustive-deps -- the tokens' only job is to re-run this read
  }, [caseId, reloadToken, attempt]);

  // Opening a case is seeing it; a later change marks it unseen again.
  useEffect(() => {
    unwrap(offload().cases.markSeen(caseId)).then(
      () => onSeen?.(caseId),
      () => {
        // The dot stays in the list; nothing else depends on it.
      },
    );
  }, [caseId, onSeen]);

  const refresh = useCallback(() => {
    setRefreshing(true);
    setRefreshError(null);
    unwrap(offload().cases.refresh(caseId))
      .then(
        (detail) => setLoaded({ kind: 'loaded', detail }),
        (error: unknown) => setRefreshError(words(error)),
      )
      .finally(() => setRefreshing(false));
  }, [caseId]);

  const reread = useCallback(() => setAttempt((count) => count + 1), []);

  if (loaded.kind === 'loading') {
    return (
      <p className="case-detail-message muted" role="status">
        Loading case…
      </p>
    );
  }
  if (loaded.kind === 'failed') {
    return (
      <div className="case-detail-message notice notice-danger" role="alert">
        <p>The case could not be read: {loaded.message}</p>
        <button type="button" onClick={reread}>
          Try again
        </button>
      </div>
    );
  }
  const detail = loaded.detail;
  if (detail === null) {
    return (
      <p className="case-detail-message notice">
        This case is no longer on your watch list.
      </p>
    );
  }
  const view = detail.snapshot?.view ?? null;
  return (
    <CaseDetailView
      detail={detail}
      now={now}
      refreshing={refreshing}
      refreshError={refreshError}
      onRefresh={refresh}
      answer={
        view && <AnswerPanel caseId={caseId} view={view} onSubmitted={reread} />
      }
      attachments={
        view && (
          <AttachmentsPanel
            caseId={caseId}
            attachments={view.attachments}
            downloads={detail.downloads}
          />
        )
      }
      transcript={
        <TranscriptView
          state={transcript.state}
          offline={offline}
          counterpartyAddress={view?.counterparty.address ?? ''}
          initialQuery={props.findQuery}
          onRefresh={transcript.refresh}
          onExport={() => unwrap(offload().transcripts.export(caseId))}
          onOpenLink={(url) => unwrap(offload().app.openExternal(url))}
        />
      }
    />
  );
}
