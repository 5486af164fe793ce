import type { Settings } from '../../shared/settings.ts';
import type { SyncEvent } from '../../shared/sync-data.ts';
import type { DesktopNotice } from './desktop.ts';

// Which poll events deserve an OS notification: a question waiting for a
// person, a case completed, a case failed, each as the settings allow.
// Everything else shows in the window only. Texts are short because the
// OS cuts them, and they name the counterparty, not the address.

const MAX_TITLE_NAME_LENGTH = 60;
const MAX_BODY_LENGTH = 180;

export interface NoticeContext {
  /**
   * The case was seen for the first time in this event's poll (just
   * added). Its question is news; that it completed long ago is not, so
   * completed and failed stay quiet then.
   */
  firstSeen?: boolean;
}

function shorten(text: string, max = MAX_BODY_LENGTH): string {
  const oneLine = text.replaceAll(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function who(event: { view: { counterparty: { name: string } } }): string {
  return shorten(event.view.counterparty.name, MAX_TITLE_NAME_LENGTH);
}

/** The notification an event calls for under these settings, or null. */
export function noticeFor(
  event: SyncEvent,
  settings: Pick<Settings, 'notifications'>,
  context: NoticeContext = {},
): DesktopNotice | null {
  const wanted = settings.notifications;
  switch (event.type) {
    case 'input-needed':
      if (!wanted.inputNeeded) return null;
      return {
        title: `${who(event)} case needs your input`,
        body: shorten(event.question),
        caseId: event.caseId,
      };
    case 'completed':
      if (!wanted.completed || context.firstSeen) return null;
      return {
        title: `${who(event)} case completed`,
        body: shorten(event.view.goal.objective),
        caseId: event.caseId,
      };
    case 'failed': {
      if (!wanted.failed || context.firstSeen) return null;
      const why = event.view.resultStatus ?? 'failed';
      return {
        title: `${who(event)} case failed`,
        body: shorten(
          `${why.replaceAll('_', ' ')}: ${event.view.goal.objective}`,
        ),
        caseId: event.caseId,
      };
    }
    default:
      return null;
  }
}
