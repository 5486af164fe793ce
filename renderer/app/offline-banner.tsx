import type { EngineState } from '../../shared/sync-data.ts';
import { localTime } from '../format/local-time.ts';

export interface OfflineBannerProps {
  state: EngineState | null;
  onRetry: () => void;
}

/** Says plainly when what is on screen is saved data, not live data. */
export function OfflineBanner({ state, onRetry }: OfflineBannerProps) {
  if (state?.connection !== 'offline') return null;
  return (
    <div className="offline-banner notice notice-warning" role="status">
      <span>
        Offline: Offload cannot be reached
        {state.lastError ? ` (${state.lastError.message})` : ''}. Everything
        saved stays browsable and searchable
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
