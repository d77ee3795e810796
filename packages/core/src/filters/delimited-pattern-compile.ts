import type { PatternDelimited, PatternFieldCondition, PatternValue } from './pattern-ast';
import { compileRegexSource } from './pattern-compile';

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * What a space-delimited pattern extracts from a message it matches: `$name` for each named field and
 * `$<position>` (one-based) for the others, including those covered by `...` (the shape of
 * `TestMetricFilter`'s `extractedValues`).
 */
export type ExtractedValues = Record<string, string>;

/** A compiled space-delimited pattern: the extracted values when the message matches, else undefined. */
export type DelimitedMatch = (message: string) => ExtractedValues | undefined;

/**
 * Split a log message into space-delimited fields, as CloudWatch Logs does: fields are separated by runs
 * of blanks; a field that starts with `[` runs to the next `]`, one that starts with `"` to the next `"`,
 * and its value is the text between them (`[10/Oct/2000:13:25:15 -0700]` gives
 * `10/Oct/2000:13:25:15 -0700`). An unclosed `[` or `"` runs to the end of the message.
 */
export function splitDelimited(message: string): string[] {
  const fields: string[] = [];
  let pos = 0;
  const n = message.length;
  for (;;) {
    while (pos < n && isBlank(message.charCodeAt(pos))) pos++;
    if (pos >= n) return fields;
    const open = message[pos];
    const close = open === '[' ? ']' : open === '"' ? '"' : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, pos + 1);
      const stop = end < 0 ? n : end;
      fields.push(message.slice(pos + 1, stop));
      pos = end < 0 ? n : end + 1;
      continue;
    }
    const start = pos;
    while (pos < n && !isBlank(message.charCodeAt(pos))) pos++;
    fields.push(message.slice(start, pos));
  }
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** Compile a space-delimited pattern to a matcher that also extracts the fields. */
export function compileDelimitedPattern(node: PatternDelimited): DelimitedMatch {
  const ellipsis = node.fields.findIndex((f) => f.kind === 'ellipsis');
  const before = ellipsis < 0 ? node.fields : node.fields.slice(0, ellipsis);
  const after = ellipsis < 0 ? [] : node.fields.slice(ellipsis + 1);
  const compile = (f: (typeof node.fields)[number]) =>
    f.kind === 'field'
      ? { name: f.name, test: f.condition ? compileCondition(f.condition) : undefined }
      : { name: undefined, test: undefined };
  const head = before.map(compile);
  const tail = after.map(compile);
  const fixed = head.length + tail.length;
  return (message) => {
    const fields = splitDelimited(message);
    if (ellipsis < 0 ? fields.length !== fixed : fields.length < fixed) return undefined;
    const tailStart = fields.length - tail.length;
    for (let i = 0; i < head.length; i++) {
      const t = head[i]!.test;
      if (t && !t(fields[i]!)) return undefined;
    }
    for (let i = 0; i < tail.length; i++) {
      const t = tail[i]!.test;
      if (t && !t(fields[tailStart + i]!)) return undefined;
    }
    const out: ExtractedValues = {};
    for (let i = 0; i < fields.length; i++) {
      const spec = i < head.length ? head[i] : i >= tailStart ? tail[i - tailStart] : undefined;
      const name = spec?.name;
      out[name === undefined ? `$${i + 1}` : `$${name}`] = fields[i]!;
    }
    return out;
  };
}

function compileCondition(c: PatternFieldCondition): (field: string) => boolean {
  if (c.type !== 'compare') {
    const parts = c.operands.map(compileCondition);
    return c.type === 'and' ? (f) => parts.every((p) => p(f)) : (f) => parts.some((p) => p(f));
  }
  return compileFieldValue(c.value, c.op);
}

function compileFieldValue(
  value: PatternValue,
  op: '=' | '!=' | '<' | '<=' | '>' | '>=',
): (f: string) => boolean {
  if (value.kind === 'number') {
    const n = value.value;
    const num = (f: string) => (NUMBER.test(f) ? Number(f) : undefined);
    switch (op) {
      case '=':
        return (f) => num(f) === n;
      case '!=':
        return (f) => {
          const x = num(f);
          return x !== undefined && x !== n;
        };
      case '<':
        return (f) => {
          const x = num(f);
          return x !== undefined && x < n;
        };
      case '<=':
        return (f) => {
          const x = num(f);
          return x !== undefined && x <= n;
        };
      case '>':
        return (f) => {
          const x = num(f);
          return x !== undefined && x > n;
        };
      case '>=':
        return (f) => {
          const x = num(f);
          return x !== undefined && x >= n;
        };
    }
  }
  let eq: (f: string) => boolean;
  if (value.kind === 'any') eq = () => true;
  else if (value.kind === 'regex') eq = compileRegexSource(value.source);
  else {
    const s = value.value;
    if (value.leading && value.trailing) eq = (f) => f.includes(s);
    else if (value.leading) eq = (f) => f.endsWith(s);
    else if (value.trailing) eq = (f) => f.startsWith(s);
    else eq = (f) => f === s;
  }
  return op === '!=' ? (f) => !eq(f) : eq;
}
