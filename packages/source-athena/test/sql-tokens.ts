/**
 * A small, independent reader of Trino SQL text for tests: splits a statement into text, string literals
 * (`'...'` and `U&'...'`, decoded), double-quoted identifiers and `?` placeholders, so tests can check the
 * structure of generated SQL without trusting the code that generated it.
 */

/** One token of a statement. */
export type SqlToken =
  | { kind: 'text'; text: string }
  | { kind: 'literal'; value: string }
  | { kind: 'identifier'; name: string }
  | { kind: 'placeholder' };

/** Split SQL text into tokens. Throws on an unterminated literal or identifier, or a bad U& escape. */
export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] as string;
    if (sql.startsWith("U&'", i)) {
      flush();
      const { body, end } = quoted(sql, i + 2, "'");
      tokens.push({ kind: 'literal', value: decodeUnicode(body) });
      i = end;
    } else if (char === "'") {
      flush();
      const { body, end } = quoted(sql, i, "'");
      tokens.push({ kind: 'literal', value: body });
      i = end;
    } else if (char === '"') {
      flush();
      const { body, end } = quoted(sql, i, '"');
      tokens.push({ kind: 'identifier', name: body });
      i = end;
    } else if (char === '?') {
      flush();
      tokens.push({ kind: 'placeholder' });
      i += 1;
    } else {
      text += char;
      i += 1;
    }
  }
  flush();
  return tokens;
}

/** The body of a quoted token starting at `start` (the opening quote), with doubled quotes undoubled. */
function quoted(sql: string, start: number, quote: string): { body: string; end: number } {
  let body = '';
  let i = start + 1;
  for (;;) {
    if (i >= sql.length) throw new Error(`unterminated ${quote} at ${start}`);
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        body += quote;
        i += 2;
        continue;
      }
      return { body, end: i + 1 };
    }
    body += sql[i];
    i += 1;
  }
}

/** Decode the body of a `U&'...'` literal (escape character `\`). */
function decodeUnicode(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') {
      out += body[i];
      i += 1;
    } else if (body[i + 1] === '\\') {
      out += '\\';
      i += 2;
    } else if (body[i + 1] === '+') {
      const hex = body.slice(i + 2, i + 8);
      if (!/^[0-9a-fA-F]{6}$/.test(hex)) throw new Error(`bad U& escape at ${i}`);
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += 8;
    } else {
      const hex = body.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`bad U& escape at ${i}`);
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 5;
    }
  }
  return out;
}

/** The value of a single escaped literal (an execution parameter); throws when it is not exactly one. */
export function literalValue(literal: string): string {
  const tokens = tokenize(literal);
  const [only] = tokens;
  if (tokens.length !== 1 || only?.kind !== 'literal') {
    throw new Error(`not one literal: ${JSON.stringify(literal)}`);
  }
  return only.value;
}

/** Number of `?` placeholders outside literals and quoted identifiers. */
export function placeholderCount(sql: string): number {
  return tokenize(sql).filter((token) => token.kind === 'placeholder').length;
}

/** A deterministic pseudo-random generator (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '\u0000',
  '\u00000\u0000',
  '\u00004\u0000',
  "'",
  "''",
  '"',
  '\\',
  '\\\\',
  '?',
  '%',
  '_',
  '*',
  ';',
  '--',
  '/*',
  ' ',
  '\n',
  '\r',
  '\t',
  'a',
  'Z',
  '0',
  'é',
  'ü',
  '😀',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\ud800',
  "U&'",
  ' UNION SELECT secret FROM other_db.creds --',
];

/**
 * A random hostile string: NUL, the old builder's markers, quotes, backslashes, `?`, comments, unicode,
 * a lone surrogate. Never starts or ends with `*` (a `*` there is a wildcard, which changes the SQL).
 */
export function hostileString(random: () => number): string {
  const length = Math.floor(random() * 8);
  let out = '';
  for (let i = 0; i < length; i += 1) out += PIECES[Math.floor(random() * PIECES.length)];
  if (out.startsWith('*')) out = `x${out}`;
  if (out.endsWith('*')) out = `${out}x`;
  return out;
}
