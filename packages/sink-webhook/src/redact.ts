/**
 * A URL safe to print: userinfo becomes `***:***@`, every query value becomes `***`, the fragment is dropped.
 * Input that does not parse as a URL is replaced entirely.
 */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '<invalid url>';
  }
  const userinfo = u.username || u.password ? '***:***@' : '';
  const query = u.search
    ? `?${[...u.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=***`).join('&')}`
    : '';
  return `${u.protocol}//${userinfo}${u.host}${u.pathname}${query}`;
}
