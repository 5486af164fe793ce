import { useEffect, useState } from 'react';

/** The current time, updated every `intervalMs`, for relative times. */
export function useNow(intervalMs = 1_000, clock = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(clock()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, clock]);
  return now;
}
