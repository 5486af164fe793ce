// Exact times in the person's own time zone and locale. One formatter is
// built once: constructing Intl objects per row is measurably slow in long
// lists and transcripts.

const dateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

const dateTimeWithSeconds = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

/** An epoch-ms time as local date and time: "12 Mar 2026, 14:05". */
export function localTime(at: number): string {
  if (!Number.isFinite(at)) return '—';
  return dateTime.format(at);
}

/** The same with seconds, for tooltips and timelines. */
export function localTimeWithSeconds(at: number): string {
  if (!Number.isFinite(at)) return '—';
  return dateTimeWithSeconds.format(at);
}
