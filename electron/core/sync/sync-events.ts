// The poll engine's events and states live in shared/sync-data.ts, since
// they also cross to the window; re-exported here for the core.
export type {
  ConnectionState,
  EngineError,
  EngineState,
  SyncEvent,
  SyncEventType,
  SyncListener,
  SyncSummary,
} from '../../../shared/sync-data.ts';
