import { useCallback, useEffect, useState } from 'react';
import type { WatchedCase } from '../../shared/case-data.ts';
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
  /** After the case left the watch list, with what to restore on Undo. */
  onRemoved?: (removed: WatchedCase[]) => void;
  /** After a case opened from a link was added to the watch list. */
  onWatched?: (caseId: string) => void;
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

  const { onRemoved, onWatched } = props;
  const [watchError, setWatchError] = useState<string | null>(null);
  const stopWatching = useCallback(() => {
    setWatchError(null);
    unwrap(offload().watch.remove([caseId])).then(
      (result) => onRemoved?.(result.removed),
      (error: unknown) => setWatchError(words(error)),
    );
  }, [caseId, onRemoved]);
  // A deep link may open a case nobody watches yet: offer to watch it.
  const startWatching = useCallback(() => {
    setWatchError(null);
    unwrap(offload().watch.add({ text: caseId, source: 'deep-link' })).then(
      () => {
        onWatched?.(caseId);
        reread();
      },
      (error: unknown) => setWatchError(words(error)),
    );
  }, [caseId, onWatched, reread]);

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
      <div className="case-detail-message notice">
        <p>
          Case <code>{caseId}</code> is not on your watch list.
        </p>
        <button type="button" onClick={startWatching}>
          Watch this case
        </button>
        {watchError && (
          <p className="notice notice-danger" role="alert">
            The case was not added: {watchError}
          </p>
        )}
      </div>
    );
  }
  const view = detail.snapshot?.view ?? null;
  return (
    <>
      {watchError && (
        <p className="notice notice-danger" role="alert">
          The case is still watched: {watchError}
        </p>
      )}
      <CaseDetailView
        detail={detail}
        now={now}
        refreshing={refreshing}
        onRefresh={refresh}
        onStopWatching={stopWatching}
        refreshError={refreshError}
        answer={
          view && (
            <AnswerPanel caseId={caseId} view={view} onSubmitted={reread} />
          )
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
    </>
  );
}
