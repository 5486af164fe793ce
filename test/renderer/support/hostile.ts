/** Markup that would run script if it were ever rendered as HTML. */
export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** Whether hostile markup became an element anywhere in the page. */
export function hostileElementCreated(): boolean {
  return document.querySelector('img[src="x"]') !== null;
}
