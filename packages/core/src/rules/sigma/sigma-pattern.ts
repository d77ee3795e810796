import { parseWildcards, type WildcardPart } from './sigma-wildcard';

/**
 * CloudTrail fields that always hold text when present: a Sigma value test on them means the same as a
 * CloudWatch Logs regex test (other fields can be numbers, lists or objects, where the two differ).
 */
export const STRING_FIELDS: ReadonlySet<string> = new Set([
  'eventName',
  'eventSource',
  'eventType',
  'eventCategory',
  'eventVersion',
  'errorCode',
  'errorMessage',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'recipientAccountId',
  'requestID',
  'eventID',
  'userIdentity.type',
  'userIdentity.arn',
  'userIdentity.userName',
  'userIdentity.accountId',
  'userIdentity.principalId',
  'userIdentity.accessKeyId',
  'userIdentity.invokedBy',
  'userIdentity.sessionContext.sessionIssuer.type',
  'userIdentity.sessionContext.sessionIssuer.arn',
  'userIdentity.sessionContext.sessionIssuer.userName',
  'userIdentity.sessionContext.sessionIssuer.accountId',
  'userIdentity.sessionContext.attributes.mfaAuthenticated',
]);

const PLAIN = /^[0-9:_#=@/;,-]$/;
const OPERATORS = new Set(['^', '$', '?', '[', ']', '{', '}', '|', '\\', '*', '+', '.']);

/** One character in CloudWatch Logs regex syntax, or undefined when it has no form there (non-ASCII). */
function regexChar(c: string, cased: boolean): string | undefined {
  if (/^[A-Za-z]$/.test(c)) {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    return cased ? c : `[${upper}${lower}]`;
  }
  if (PLAIN.test(c)) return c;
  if (OPERATORS.has(c)) return `\\${c}`;
  const code = c.charCodeAt(0);
  if (c.length === 1 && code >= 0x20 && code < 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return undefined;
}

/** A whole-value regex (`^...$`) for parsed Sigma parts, or undefined. */
function partsRegex(parts: readonly WildcardPart[], cased: boolean): string | undefined {
  let out = '^';
  for (const p of parts) {
    if (p === '*') out += '[\\s\\S]*';
    else if (p === '?')
      return undefined; // one UTF-16 unit in Sigma here, one code point in RE2
    else {
      for (const c of p.text) {
        const r = regexChar(c, cased);
        if (r === undefined) return undefined;
        out += r;
      }
    }
  }
  return `${out}$`;
}

/**
 * The CloudWatch Logs filter pattern term equal to a Sigma `field|modifiers: values` item, or undefined when
 * it has none: only text fields ({@link STRING_FIELDS}), text values (ASCII, no `?`) or `null`, and the
 * modifiers `contains`, `startswith`, `endswith`, `all`, `cased`. Case-insensitive matching becomes a regex
 * with both cases of each letter (`%^[Ss][Tt][Oo][Pp]$%`).
 */
export function fieldPattern(
  field: string,
  mods: readonly string[],
  values: readonly unknown[],
): string | undefined {
  if (!STRING_FIELDS.has(field)) return undefined;
  if (mods.some((m) => !['contains', 'startswith', 'endswith', 'all', 'cased'].includes(m))) return undefined;
  const cased = mods.includes('cased');
  const terms: string[] = [];
  const regexes: string[] = [];
  for (const v of values) {
    if (v === null) {
      terms.push(`($.${field} IS NULL) || ($.${field} NOT EXISTS)`);
      continue;
    }
    if (typeof v !== 'string') return undefined;
    let parts = parseWildcards(v);
    const plain = parts.length === 1 && typeof parts[0] === 'object' ? parts[0].text : undefined;
    const positional = mods.some((m) => m === 'contains' || m === 'startswith' || m === 'endswith');
    if (
      cased &&
      !positional &&
      plain !== undefined &&
      plain !== '' &&
      /^[\x20-\x7e]+$/.test(plain) &&
      !/^\*|\*$/.test(plain)
    ) {
      // an exact, case-sensitive text: a plain string comparison (which the Athena source turns into SQL)
      terms.push(`$.${field} = ${JSON.stringify(plain)}`);
      continue;
    }
    if (mods.includes('contains')) parts = ['*', ...parts, '*'];
    else if (mods.includes('startswith')) parts = [...parts, '*'];
    else if (mods.includes('endswith')) parts = ['*', ...parts];
    const re = partsRegex(parts, cased);
    if (re === undefined) return undefined;
    regexes.push(re);
  }
  if (mods.includes('all') && values.length > 1) {
    if (terms.length > 0) return undefined;
    return regexes.map((r) => `($.${field} = %${r}%)`).join(' && ');
  }
  if (regexes.length > 0) terms.push(`$.${field} = %${regexes.join('|')}%`);
  return terms.length === 1 ? terms[0] : terms.map((t) => `(${t})`).join(' || ');
}

/** `a && b` (or `||`) of pattern expressions, each parenthesized; undefined when one is. */
export function joinPatterns(parts: ReadonlyArray<string | undefined>, op: '&&' | '||'): string | undefined {
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.map((p) => `(${p})`).join(` ${op} `);
}
