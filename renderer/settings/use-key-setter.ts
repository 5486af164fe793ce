import { useCallback, useState } from 'react';
import type { SetKeyOptions, SetKeyResult } from '../../shared/key-status.ts';
import { offload, unwrap } from '../api/offload.ts';

// Setting a key is one call whose outcome the person must read and may
// answer ("keep it unverified", "this session only"): this holds the call's
// progress and last outcome for the settings screen and the first run.

export interface KeySetterState {
  busy: boolean;
  result: SetKeyResult | null;
  /** The call itself failed (e.g. the key's format), in words. */
  error: string | null;
}

export interface KeySetter extends KeySetterState {
  set(
    profileId: string,
    key: string,
    options?: SetKeyOptions,
  ): Promise<SetKeyResult | null>;
  reset(): void;
}

const IDLE: KeySetterState = { busy: false, result: null, error: null };

/** Calls keys.set and keeps its outcome for display. */
export function useKeySetter(): KeySetter {
  const [state, setState] = useState<KeySetterState>(IDLE);

  const set = useCallback(
    async (profileId: string, key: string, options?: SetKeyOptions) => {
      setState({ busy: true, result: null, error: null });
      try {
        const result = await unwrap(
          offload().keys.set(profileId, key, options),
        );
        setState({ busy: false, result, error: null });
        return result;
      } catch (error) {
        setState({
          busy: false,
          result: null,
          error: error instanceof Error ? error.message : String(error),
        });
        return null;
      }
    },
    [],
  );

  const reset = useCallback(() => setState(IDLE), []);

  return { ...state, set, reset };
}
