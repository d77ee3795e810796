import { isIP } from 'node:net';
import { RE2JS } from 're2js';
import { SigmaUnsupportedError } from './sigma-errors';
import { fieldPattern } from './sigma-pattern';
import { parseWildcards, plainText, type WildcardPart, wildcardMatcher } from './sigma-wildcard';

/** A record (one CloudTrail event, as parsed JSON). */
export type SigmaRecord = Record<string, unknown>;

/** A compiled `field|modifiers: value(s)` item of a selection. */
export interface CompiledField {
  readonly field: string;
  test(record: SigmaRecord): boolean;
  /**
   * When the item can only match records whose field is one of these texts (exact, lower-cased when
   * `ignoreCase`): the `eventName` / `eventSource` candidates of the index.
   */
  readonly exact?: ReadonlySet<string>;
  readonly ignoreCase: boolean;
  /** The equal CloudWatch Logs filter pattern expression, when there is one (see `fieldPattern`). */
  readonly pattern?: string;
}

/** The value modifiers this loader implements (Sigma specification v2). */
export const SIGMA_MODIFIERS: readonly string[] = [
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
  'lt',
  'lte',
  'gt',
  'gte',
  'fieldref',
  'cased',
];

/**
 * The values at a dotted path (`userIdentity.sessionContext.sessionIssuer.type`). Arrays on the way are
 * searched element by element (`resources.ARN` is every resource's ARN). Missing fields give no value.
 */
export function valuesAt(record: unknown, path: readonly string[]): unknown[] {
  // the usual case: nested objects, no list on the way
  let v: unknown = record;
  let i = 0;
  for (; i < path.length; i++) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) break;
    const key = path[i] as string;
    if (!Object.hasOwn(v, key)) return NONE;
    v = (v as Record<string, unknown>)[key];
  }
  if (i === path.length) return Array.isArray(v) ? v.slice() : [v];
  if (!Array.isArray(v)) return NONE;
  return valuesThrough([v], path.slice(i));
}

const NONE = Object.freeze([]) as unknown as unknown[];

function valuesThrough(start: unknown[], path: readonly string[]): unknown[] {
  let current: unknown[] = start;
  for (const key of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        for (const item of v) {
          if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.hasOwn(item, key))
            next.push((item as Record<string, unknown>)[key]);
        }
      } else if (v !== null && typeof v === 'object' && Object.hasOwn(v, key)) {
        next.push((v as Record<string, unknown>)[key]);
      }
    }
    if (next.length === 0) return next;
    current = next;
  }
  // a field holding a list matches when one of its items does
  const out: unknown[] = [];
  for (const v of current) {
    if (Array.isArray(v)) for (const item of v) out.push(item);
    else out.push(v);
  }
  return out;
}

/** The text a value is compared as: strings as is, numbers and booleans as written in JSON. */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

type ValueTest = (v: unknown, record: SigmaRecord) => boolean;

/**
 * Compile one selection item. `key` is `field|mod|mod...` (or `|mod` / empty for keyword items, handled by
 * the caller); `value` a scalar, `null` or a list (OR, or AND with `all`).
 * @throws SigmaUnsupportedError naming the construct (an unknown modifier, a bad combination).
 */
export function compileField(key: string, value: unknown, where: string): CompiledField {
  const [field = '', ...mods] = key.split('|');
  for (const m of mods) {
    if (!SIGMA_MODIFIERS.includes(m)) {
      throw new SigmaUnsupportedError(where, `value modifier "${m}" (in "${key}")`);
    }
  }
  const path = field.split('.');
  const has = (m: string) => mods.includes(m);
  const all = has('all');
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new SigmaUnsupportedError(where, `an empty value list (in "${key}")`);

  if (has('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean') {
      throw new SigmaUnsupportedError(where, `"exists" with a value other than true or false (in "${key}")`);
    }
    const want = values[0];
    return {
      field,
      ignoreCase: true,
      test: (r) => valuesAt(r, path).some((v) => v !== null && v !== undefined) === want,
    };
  }

  const tests: ValueTest[] = values.map((v) => compileValue(v, mods, key, where));
  const valueTest: ValueTest =
    tests.length === 1
      ? (tests[0] as ValueTest)
      : all
        ? (v, r) => tests.every((t) => t(v, r))
        : (v, r) => tests.some((t) => t(v, r));

  // `null` means the field is missing or null
  const nullOnly = values.length === 1 && values[0] === null;
  let test: (r: SigmaRecord) => boolean;
  if (nullOnly) {
    test = (r) => valuesAt(r, path).every((v) => v === null);
  } else if (all && tests.length > 1) {
    // every value must be matched by some value of the field
    test = (r) => {
      const found = valuesAt(r, path);
      return tests.every((t) => found.some((v) => t(v, r)));
    };
  } else {
    const hasNull = values.includes(null);
    test = (r) => {
      const found = valuesAt(r, path);
      if (found.length === 0) return hasNull;
      return found.some((v) => valueTest(v, r));
    };
  }

  const out: {
    field: string;
    test: typeof test;
    ignoreCase: boolean;
    exact?: Set<string>;
    pattern?: string;
  } = {
    field,
    test,
    ignoreCase: !has('cased'),
  };
  const expressed = fieldPattern(field, mods, values);
  if (expressed !== undefined) out.pattern = expressed;
  const plainOnly = mods.every((m) => m === 'cased');
  if (plainOnly && !(all && values.length > 1) && values.every((v) => typeof v === 'string')) {
    const texts = (values as string[]).map((v) => plainText(parseWildcards(v)));
    if (texts.every((t) => t !== undefined)) {
      out.exact = new Set((texts as string[]).map((t) => (out.ignoreCase ? t.toLowerCase() : t)));
    }
  }
  return out;
}

function compileValue(value: unknown, mods: readonly string[], key: string, where: string): ValueTest {
  const has = (m: string) => mods.includes(m);
  if (value === null) return (v) => v === null;
  if (has('fieldref')) {
    if (typeof value !== 'string')
      throw new SigmaUnsupportedError(where, `"fieldref" to a non-text field name (in "${key}")`);
    const other = value.split('.');
    const cased = has('cased');
    return (v, r) => {
      const a = textOf(v);
      if (a === undefined) return false;
      return valuesAt(r, other).some((o) => {
        const b = textOf(o);
        return b !== undefined && (cased ? a === b : a.toLowerCase() === b.toLowerCase());
      });
    };
  }
  for (const op of ['lt', 'lte', 'gt', 'gte'] as const) {
    if (!has(op)) continue;
    const limit = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'boolean' || !Number.isFinite(limit)) {
      throw new SigmaUnsupportedError(where, `"${op}" with a value that is not a number (in "${key}")`);
    }
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) return false;
      return op === 'lt' ? n < limit : op === 'lte' ? n <= limit : op === 'gt' ? n > limit : n >= limit;
    };
  }
  if (has('cidr')) {
    if (typeof value !== 'string')
      throw new SigmaUnsupportedError(where, `"cidr" with a non-text value (in "${key}")`);
    const inRange = cidrMatcher(value, key, where);
    return (v) => typeof v === 'string' && inRange(v);
  }
  if (has('re')) {
    if (typeof value !== 'string')
      throw new SigmaUnsupportedError(where, `"re" with a non-text value (in "${key}")`);
    let flags = 0;
    if (has('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (has('m')) flags |= RE2JS.MULTILINE;
    if (has('s')) flags |= RE2JS.DOTALL;
    let re: RE2JS;
    try {
      re = RE2JS.compile(value, flags);
    } catch (error) {
      throw new SigmaUnsupportedError(
        where,
        `regular expression ${JSON.stringify(value)}: ${(error as Error).message}`,
      );
    }
    // a text every match contains: checked first, so that most values never reach the (slower) RE2 matcher
    const needle = has('i') ? undefined : requiredLiteral(value);
    if (needle !== undefined) {
      return (v) => {
        const t = textOf(v);
        if (t === undefined || !t.includes(needle)) return false;
        return re.test(t);
      };
    }
    return (v) => {
      const t = textOf(v);
      return t !== undefined && re.test(t);
    };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (mods.some((m) => m !== 'cased' && m !== 'all')) {
      throw new SigmaUnsupportedError(where, `modifiers on a ${typeof value} value (in "${key}")`);
    }
    const text = String(value);
    return (v) => v === value || textOf(v) === text;
  }
  if (typeof value !== 'string') {
    throw new SigmaUnsupportedError(
      where,
      `a value that is not text, a number, a boolean or null (in "${key}")`,
    );
  }
  // string value: transformations first, then the position modifier, then wildcards
  const cased = has('cased');
  let variants = [value];
  if (has('windash')) variants = variants.flatMap(windashVariants);
  const encoded = has('base64') || has('base64offset');
  if (encoded) {
    const encoding =
      has('utf16le') || has('wide')
        ? 'utf16le'
        : has('utf16be')
          ? 'utf16be'
          : has('utf16')
            ? 'utf16'
            : 'utf8';
    variants = variants.flatMap((t) =>
      has('base64offset') ? base64OffsetVariants(t, encoding) : [base64Of(t, encoding)],
    );
  } else if (has('utf16le') || has('utf16be') || has('utf16') || has('wide')) {
    throw new SigmaUnsupportedError(where, `an encoding modifier without "base64" (in "${key}")`);
  }
  const matchers = variants.map((t) => {
    let parts: WildcardPart[] = encoded ? [{ text: t }] : parseWildcards(t);
    if (has('contains') || has('base64offset')) parts = ['*', ...parts, '*'];
    else if (has('startswith')) parts = [...parts, '*'];
    else if (has('endswith')) parts = ['*', ...parts];
    const lower =
      encoded || cased
        ? parts
        : parts.map((p) => (typeof p === 'object' ? { text: p.text.toLowerCase() } : p));
    return wildcardMatcher(mergeStars(lower));
  });
  const fold = !cased && !encoded;
  // the usual case: one whole ASCII text, compared ignoring case (a text of another length cannot be equal)
  const single =
    variants.length === 1 &&
    !encoded &&
    !mods.some((m) => m === 'contains' || m === 'startswith' || m === 'endswith');
  const exact = single ? plainText(parseWildcards(variants[0] as string)) : undefined;
  if (fold && exact !== undefined && /^[\x00-\x7f]*$/.test(exact)) {
    const lower = exact.toLowerCase();
    return (v) => {
      if (typeof v === 'string')
        return v.length === lower.length && (v === exact || v.toLowerCase() === lower);
      const t = textOf(v);
      return t !== undefined && t.toLowerCase() === lower;
    };
  }
  return (v) => {
    const t = textOf(v);
    if (t === undefined) return false;
    const s = fold ? t.toLowerCase() : t;
    for (const m of matchers) if (m(s)) return true;
    return false;
  };
}

/**
 * The longest literal text that every match of a simple regular expression contains (no alternation, groups,
 * classes or escapes), or undefined. A literal directly before a quantifier loses its last character.
 */
export function requiredLiteral(re: string): string | undefined {
  if (/[|()[\]\\]/.test(re)) return undefined;
  let best = '';
  let run = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i] as string;
    if ('.^$+*?{}'.includes(c)) {
      const quantified = c === '*' || c === '?' || c === '{';
      const kept = quantified ? run.slice(0, -1) : run;
      if (kept.length > best.length) best = kept;
      run = '';
      if (c === '{') {
        const close = re.indexOf('}', i);
        if (close < 0) return undefined;
        i = close;
      }
    } else run += c;
  }
  if (run.length > best.length) best = run;
  return best.length >= 3 ? best : undefined;
}

function mergeStars(parts: WildcardPart[]): WildcardPart[] {
  const out: WildcardPart[] = [];
  for (const p of parts) {
    if (p === '*' && out[out.length - 1] === '*') continue;
    out.push(p);
  }
  return out;
}

/** `windash`: each `-` (or `/`, en dash, em dash, horizontal bar) at the start of a word in all those forms. */
function windashVariants(text: string): string[] {
  const dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];
  let out = [''];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const atWord = (i === 0 || text[i - 1] === ' ') && dashes.includes(c);
    out = atWord ? out.flatMap((p) => dashes.map((d) => p + d)) : out.map((p) => p + c);
    if (out.length > 1024) break;
  }
  return out;
}

function encode(text: string, encoding: 'utf8' | 'utf16le' | 'utf16be' | 'utf16'): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf16le') return le;
  const be = Buffer.from(le);
  be.swap16();
  return encoding === 'utf16be' ? be : Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
}

function base64Of(text: string, encoding: 'utf8' | 'utf16le' | 'utf16be' | 'utf16'): string {
  return encode(text, encoding).toString('base64');
}

/**
 * `base64offset`: the three base64 texts the value has at byte offsets 0, 1 and 2 of an encoded text,
 * without the characters that depend on the neighbouring bytes (the specification's algorithm).
 */
function base64OffsetVariants(text: string, encoding: 'utf8' | 'utf16le' | 'utf16be' | 'utf16'): string[] {
  const bytes = encode(text, encoding);
  const start = [0, 2, 3];
  const end = [0, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const padded = Buffer.concat([Buffer.alloc(i, 0x20), bytes]);
    const b64 = padded.toString('base64');
    const cut = end[(bytes.length + i) % 3] as number;
    out.push(b64.slice(start[i] as number, cut === 0 ? undefined : cut));
  }
  return out;
}

function cidrMatcher(cidr: string, key: string, where: string): (ip: string) => boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  const base = m?.[1] ?? cidr.trim();
  const family = isIP(base);
  const bits = family === 4 ? 32 : 128;
  const prefix = m ? Number(m[2]) : bits;
  if (family === 0 || prefix > bits)
    throw new SigmaUnsupportedError(where, `"cidr" value "${cidr}" is not a network (in "${key}")`);
  const net = ipBits(base, family);
  return (ip) => {
    const f = isIP(ip);
    if (f !== family) return false;
    const x = ipBits(ip, f);
    if (prefix === 0) return true;
    const shift = BigInt(bits - prefix);
    return x >> shift === net >> shift;
  };
}

function ipBits(ip: string, family: number): bigint {
  if (family === 4) {
    return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  }
  let text = ip;
  let tail: bigint | undefined;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    tail = ipBits(v4[1] as string, 4);
    text = `${text.slice(0, -v4[1]!.length)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const r = rest === undefined ? [] : rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
  let x = groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
  if (tail !== undefined) x = (x & ~0xffffffffn) | tail;
  return x;
}
