import type { EngineState } from '../../shared/sync-data.ts';
import { localTime } from '../format/local-time.ts';

export interface OfflineBannerProps {
  state: EngineState | null;
  onRetry: () => void;
}

/** The error's own words, ending as a sentence. */
function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Says plainly when what is on screen is saved data, not live data. */
export function OfflineBanner({ state, onRetry }: OfflineBannerProps) {
  if (state?.connection !== 'offline') return null;
  return (
    <div className="offline-banner notice notice-warning" role="status">
      <span>
        Offline:{' '}
        {state.lastError
          ? sentence(state.lastError.message)
          : 'Offload cannot be reached.'}{' '}
        Everything saved stays browsable and searchable
        {state.lastSyncAt !== null
          ? `; last synced ${localTime(state.lastSyncAt)}`
          : ''}
        .
      </span>
      <button type="button" className="button-small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
