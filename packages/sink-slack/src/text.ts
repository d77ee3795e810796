/** Escape the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The marker appended to truncated text. */
export const ELLIPSIS = '…';

/**
 * Cut `text` to at most `max` characters (UTF-16 code units, as Slack counts), ending with `…` when cut.
 * Never splits a surrogate pair or an `&amp;`-style entity.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return cut + ELLIPSIS;
}
