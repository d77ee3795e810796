/**
 * Sigma string values: `*` (any run of characters) and `?` (one character) wildcards, with Sigma's escaping
 * (`\*`, `\?` and `\\` stand for the character itself; a backslash before any other character is a plain
 * backslash). Matching is linear in practice (one backtrack point, the last `*`), never a `RegExp`.
 */

/** One part of a parsed value: literal text, `*` or `?`. */
export type WildcardPart = { text: string } | '*' | '?';

/** Split a Sigma string value into literal text and wildcards. */
export function parseWildcards(value: string): WildcardPart[] {
  const parts: WildcardPart[] = [];
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else text += '\\';
    } else if (c === '*' || c === '?') {
      if (text !== '') parts.push({ text });
      text = '';
      parts.push(c);
    } else text += c;
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/** The value as plain text when it has no wildcard (escapes resolved), else undefined. */
export function plainText(parts: readonly WildcardPart[]): string | undefined {
  if (parts.length === 0) return '';
  if (parts.length === 1 && typeof parts[0] === 'object') return parts[0].text;
  return undefined;
}

/** Escape text so that {@link parseWildcards} reads it back as the same literal text. */
export function escapeWildcards(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/**
 * A matcher for parsed parts: true when the whole `text` matches. Both sides are compared as given (the
 * caller lower-cases both for case-insensitive matching).
 */
export function wildcardMatcher(parts: readonly WildcardPart[]): (text: string) => boolean {
  const plain = plainText(parts);
  if (plain !== undefined) return (t) => t === plain;
  // common shapes: *x*, x*, *x
  if (parts.length === 3 && parts[0] === '*' && parts[2] === '*' && typeof parts[1] === 'object') {
    const x = parts[1].text;
    return (t) => t.includes(x);
  }
  if (parts.length === 2 && typeof parts[0] === 'object' && parts[1] === '*') {
    const x = parts[0].text;
    return (t) => t.startsWith(x);
  }
  if (parts.length === 2 && parts[0] === '*' && typeof parts[1] === 'object') {
    const x = parts[1].text;
    return (t) => t.endsWith(x);
  }
  if (parts.length === 1 && parts[0] === '*') return () => true;
  // general glob: tokens of one character or `*`
  const tokens: Array<string | null> = []; // null = '*', '\0?' marker for '?'
  for (const p of parts) {
    if (p === '*') {
      if (tokens[tokens.length - 1] !== null) tokens.push(null);
    } else if (p === '?') tokens.push(ANY);
    else for (const ch of p.text) tokens.push(ch);
  }
  return (t) => globMatch(tokens, Array.from(t));
}

const ANY = '\u0000?';

function globMatch(tokens: ReadonlyArray<string | null>, chars: readonly string[]): boolean {
  let ti = 0;
  let ci = 0;
  let starT = -1;
  let starC = 0;
  while (ci < chars.length) {
    const tok = tokens[ti];
    if (ti < tokens.length && tok !== null && (tok === ANY || tok === chars[ci])) {
      ti++;
      ci++;
    } else if (ti < tokens.length && tok === null) {
      starT = ti++;
      starC = ci;
    } else if (starT >= 0) {
      ti = starT + 1;
      ci = ++starC;
    } else return false;
  }
  while (ti < tokens.length && tokens[ti] === null) ti++;
  return ti === tokens.length;
}
