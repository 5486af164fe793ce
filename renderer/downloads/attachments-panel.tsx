import { useId, useState } from 'react';
import type { DownloadRecord } from '../../shared/case-data.ts';
import type { DownloadJob } from '../../shared/download-job.ts';
import type { Opened } from '../../shared/ipc.ts';
import type { CaseAttachment } from '../../shared/offload/schemas.ts';
import type { IpcResult } from '../../shared/ipc.ts';
import { offload, unwrap } from '../api/offload.ts';
import { formatBytes } from '../format/bytes.ts';
import { localTime } from '../format/local-time.ts';
import { jobStateWords, percentDone, progressWords } from './download-words.ts';
import { isActive, latestJob, useDownloadJobs } from './use-download-jobs.ts';
import './attachments-panel.css';

// A case's attachments and their downloads: one click starts one, a
// progress bar follows it from the queue's events, and once the file is on
// disk it can be opened or shown in its folder. Files downloaded before
// (the store's DownloadRecords) are marked as such.

export interface AttachmentsPanelProps {
  caseId: string;
  attachments: CaseAttachment[];
  downloads: DownloadRecord[];
}

/** The attachments of one case with their download controls. */
export function AttachmentsPanel({
  caseId,
  attachments,
  downloads,
}: AttachmentsPanelProps) {
  const { jobs, merge, loadError } = useDownloadJobs(caseId);
  const [message, setMessage] = useState<string | null>(null);
  const titleId = useId();

  const downloaded = (attachmentId: string) =>
    downloads.some((record) => record.attachmentId === attachmentId) ||
    jobs.some(
      (job) => job.attachmentId === attachmentId && job.state === 'done',
    );
  const remaining = attachments.filter(
    (attachment) =>
      !downloaded(attachment.attachmentId) &&
      !isActive(latestJob(jobs, attachment.attachmentId)),
  );

  async function start(attachmentIds: string[]) {
    setMessage(null);
    try {
      merge(await unwrap(offload().downloads.start(caseId, attachmentIds)));
    } catch (error) {
      setMessage(
        `The download did not start: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  return (
    <section className="attachments-panel" aria-labelledby={titleId}>
      <header className="attachments-header">
        <h3 id={titleId}>
          Attachments{attachments.length > 0 ? ` (${attachments.length})` : ''}
        </h3>
        {attachments.length > 1 && (
          <button
            type="button"
            className="button-small"
            disabled={remaining.length === 0}
            onClick={() =>
              void start(remaining.map((attachment) => attachment.attachmentId))
            }
          >
            Download all
            {remaining.length > 0 && remaining.length < attachments.length
              ? ` (${remaining.length} left)`
              : ''}
          </button>
        )}
      </header>
      {attachments.length === 0 ? (
        <p className="muted">No attachments.</p>
      ) : (
        <ul className="attachment-list">
          {attachments.map((attachment) => (
            <li key={attachment.attachmentId}>
              <AttachmentRow
                caseId={caseId}
                attachment={attachment}
                job={latestJob(jobs, attachment.attachmentId)}
                record={downloads.find(
                  (record) => record.attachmentId === attachment.attachmentId,
                )}
                onStart={() => void start([attachment.attachmentId])}
              />
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite" className="attachments-live">
        {message !== null && <p className="notice notice-danger">{message}</p>}
        {loadError !== null && (
          <p className="muted">
            Download progress is not available: {loadError}
          </p>
        )}
      </div>
    </section>
  );
}

interface AttachmentRowProps {
  caseId: string;
  attachment: CaseAttachment;
  job: DownloadJob | undefined;
  record: DownloadRecord | undefined;
  onStart(): void;
}

function AttachmentRow({
  caseId,
  attachment,
  job,
  record,
  onStart,
}: AttachmentRowProps) {
  const [openMessage, setOpenMessage] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const name = attachment.name?.trim() || attachment.attachmentId;
  const active = job !== undefined && isActive(job);
  const done = job?.state === 'done' || record !== undefined;
  const failed = job?.state === 'failed' || job?.state === 'cancelled';
  const statusId = useId();

  async function cancel() {
    if (!job) return;
    setCancelling(true);
    try {
      await unwrap(offload().downloads.cancel(job.id));
    } catch (error) {
      setOpenMessage(
        `The download was not cancelled: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    } finally {
      setCancelling(false);
    }
  }

  async function reveal(call: Promise<IpcResult<Opened>>, what: string) {
    setOpenMessage(null);
    try {
      const opened = await unwrap(call);
      if (!opened.opened) {
        setOpenMessage(
          `${what} did not work${opened.message ? `: ${opened.message}` : '.'}`,
        );
      }
    } catch (error) {
      setOpenMessage(
        `${what} did not work: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  return (
    <article
      className="attachment"
      aria-label={name}
      aria-describedby={statusId}
      data-state={active ? job.state : done ? 'done' : (job?.state ?? 'none')}
    >
      <div className="attachment-info">
        <span
          className={
            attachment.name ? 'attachment-name' : 'attachment-name mono'
          }
        >
          {name}
        </span>
        <span className="attachment-meta muted">
          {attachment.type || 'Unknown type'} · {formatBytes(attachment.size)} ·
          received {localTime(attachment.receivedAt)}
        </span>
      </div>

      <div className="attachment-status" id={statusId}>
        {active && (
          <>
            <progress
              aria-label={`Download of ${name}`}
              max={job.total > 0 ? job.total : undefined}
              value={percentDone(job) === null ? undefined : job.bytes}
            />
            <span className="attachment-progress">
              {jobStateWords(job)}
              {job.state !== 'queued' && ` · ${progressWords(job)}`}
            </span>
          </>
        )}
        {!active && done && (
          <span className="badge badge-done">
            Downloaded
            {record ? ` ${localTime(record.at)}` : ''}
          </span>
        )}
        {!active && failed && job && (
          <span
            className={
              job.state === 'failed'
                ? 'attachment-error'
                : 'attachment-cancelled muted'
            }
          >
            {jobStateWords(job)}
          </span>
        )}
      </div>

      <div className="attachment-actions">
        {active && (
          <button
            type="button"
            className="button-small"
            disabled={cancelling}
            onClick={() => void cancel()}
          >
            Cancel
            <span className="visually-hidden"> download of {name}</span>
          </button>
        )}
        {!active && done && (
          <>
            <button
              type="button"
              className="button-small"
              onClick={() =>
                void reveal(
                  offload().downloads.open(caseId, attachment.attachmentId),
                  'Opening the file',
                )
              }
            >
              Open
              <span className="visually-hidden"> {name}</span>
            </button>
            <button
              type="button"
              className="button-small"
              onClick={() =>
                void reveal(
                  offload().downloads.showInFolder(
                    caseId,
                    attachment.attachmentId,
                  ),
                  'Showing the file in its folder',
                )
              }
            >
              Show in folder
              <span className="visually-hidden"> ({name})</span>
            </button>
          </>
        )}
        {!active && !done && (
          <button
            type="button"
            className="button-small button-primary"
            onClick={onStart}
          >
            {job?.state === 'failed' ? 'Try again' : 'Download'}
            <span className="visually-hidden">
              {job?.state === 'failed' ? ` to download ${name}` : ` ${name}`}
            </span>
          </button>
        )}
      </div>
      {openMessage !== null && (
        <p className="attachment-error attachment-message" role="alert">
          {openMessage}
        </p>
      )}
    </article>
  );
}
