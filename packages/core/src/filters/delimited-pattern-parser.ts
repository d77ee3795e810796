import type {
  PatternDelimited,
  PatternDelimitedField,
  PatternFieldCondition,
  PatternValue,
} from './pattern-ast';
import type { PatternLimits } from './pattern-limits';
import { fail, MAX_REGEX_PER_PATTERN, readRegex } from './pattern-regex';

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const NAME_CHAR = /[A-Za-z0-9_-]/;
/** Characters that end a bare value in a field condition. */
const VALUE_END = /[\s,\]()&|"]/;

/**
 * Parse a space-delimited pattern, `[ip, user, ..., status_code = 4* && status_code != 403, bytes > 1000]`.
 * Each comma-separated entry is `...`, a field name, a condition on the field (`name op value`, joined with
 * `&&` / `||`, in parentheses if needed; every comparison names the same field), or nothing (an unnamed
 * field). Values are numbers, `"quoted"` or bare strings with `*` wildcards at either end, `*`, or `%regex%`.
 * @throws PatternSyntaxError for anything else, a second `...`, a condition naming two fields, a numeric
 * operator with a non-number, or more than {@link MAX_REGEX_PER_PATTERN} regexes.
 */
export function parseDelimitedPattern(text: string, limits: Required<PatternLimits>): PatternDelimited {
  return new DelimitedParser(text, limits).parse();
}

class DelimitedParser {
  private pos = 0;
  private regexCount = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly limits: Required<PatternLimits>,
  ) {}

  parse(): PatternDelimited {
    this.skipSpace();
    this.expect('[', '"["');
    const fields: PatternDelimitedField[] = [];
    let ellipsisAt = -1;
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      const field = this.parseEntry();
      if (field.kind === 'ellipsis') {
        if (ellipsisAt >= 0) fail(this.text, start, 'at most one "..." in a space-delimited pattern');
        ellipsisAt = fields.length;
      }
      fields.push(field);
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(']', '"," or "]"');
      break;
    }
    this.skipSpace();
    if (this.pos < this.text.length) fail(this.text, this.pos, 'end of pattern after "]"');
    return { type: 'delimited', fields };
  }

  private parseEntry(): PatternDelimitedField {
    if (this.text.startsWith('...', this.pos)) {
      this.pos += 3;
      return { kind: 'ellipsis' };
    }
    const c = this.peek();
    if (c === ',' || c === ']') return { kind: 'field' };
    if (c !== '(' && !NAME_CHAR.test(c)) fail(this.text, this.pos, 'a field name, "..." or a condition');
    const names = new Set<string>();
    const start = this.pos;
    const condition = this.parseOr(names);
    if (names.size > 1) {
      fail(this.text, start, `conditions on one field only (this entry names ${[...names].join(', ')})`);
    }
    const name = [...names][0]!;
    return condition === undefined ? { kind: 'field', name } : { kind: 'field', name, condition };
  }

  /** A condition, or undefined for a bare name (recorded in `names`). */
  private parseOr(names: Set<string>): PatternFieldCondition | undefined {
    const first = this.parseAnd(names);
    const operands = first === undefined ? [] : [first];
    while (this.consume('||')) operands.push(this.required(this.parseAnd(names)));
    if (operands.length <= 1) return first;
    return { type: 'or', operands };
  }

  private parseAnd(names: Set<string>): PatternFieldCondition | undefined {
    const first = this.parsePrimary(names);
    const operands = first === undefined ? [] : [first];
    while (this.consume('&&')) operands.push(this.required(this.parsePrimary(names)));
    if (operands.length <= 1) return first;
    return { type: 'and', operands };
  }

  private required(condition: PatternFieldCondition | undefined): PatternFieldCondition {
    if (condition === undefined) fail(this.text, this.pos, 'an operator (=, !=, <, <=, >, >=)');
    return condition;
  }

  private parsePrimary(names: Set<string>): PatternFieldCondition | undefined {
    this.skipSpace();
    if (this.peek() === '(') {
      if (this.depth >= this.limits.maxDepth) {
        fail(this.text, this.pos, `at most ${this.limits.maxDepth} nested parentheses (maxDepth)`);
      }
      this.depth++;
      this.pos++;
      const inner = this.required(this.parseOr(names));
      this.skipSpace();
      this.expect(')', '"&&", "||" or ")"');
      this.depth--;
      return inner;
    }
    const start = this.pos;
    while (this.pos < this.text.length && NAME_CHAR.test(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) fail(this.text, this.pos, 'a field name');
    names.add(this.text.slice(start, this.pos));
    this.skipSpace();
    const two = this.text.slice(this.pos, this.pos + 2);
    const one = this.peek();
    let op: '=' | '!=' | '<' | '<=' | '>' | '>=';
    if (two === '!=' || two === '<=' || two === '>=') op = two;
    else if (one === '=' || one === '<' || one === '>') op = one;
    else return undefined;
    this.pos += op.length;
    this.skipSpace();
    const valueStart = this.pos;
    const value = this.parseValue();
    if (op !== '=' && op !== '!=' && value.kind !== 'number') {
      fail(this.text, valueStart, `a number after "${op}"`);
    }
    return { type: 'compare', op, value };
  }

  private parseValue(): PatternValue {
    const c = this.peek();
    if (c === '%') {
      const regex = readRegex(this.text, this.pos, this.limits);
      this.regexCount++;
      if (this.regexCount > MAX_REGEX_PER_PATTERN) {
        fail(this.text, this.pos, `at most ${MAX_REGEX_PER_PATTERN} regular expressions in one pattern`);
      }
      this.pos = regex.end;
      return { kind: 'regex', source: regex.source };
    }
    let raw: string;
    let quoted = false;
    if (c === '"') {
      const open = this.pos;
      this.pos++;
      raw = '';
      for (;;) {
        if (this.pos >= this.text.length)
          fail(this.text, open, 'a closing quote for the string starting here');
        const ch = this.text[this.pos]!;
        if (ch === '\\' && this.pos + 1 < this.text.length) {
          raw += ch + this.text[this.pos + 1];
          this.pos += 2;
          continue;
        }
        if (ch === '"') break;
        raw += ch;
        this.pos++;
      }
      this.pos++;
      quoted = true;
    } else {
      const start = this.pos;
      while (this.pos < this.text.length) {
        const ch = this.text[this.pos]!;
        if (ch === '\\' && this.pos + 1 < this.text.length) {
          this.pos += 2;
          continue;
        }
        if (VALUE_END.test(ch)) break;
        this.pos++;
      }
      raw = this.text.slice(start, this.pos);
      if (raw === '') fail(this.text, this.pos, 'a value');
    }
    if (raw === '*') return { kind: 'any' };
    if (!quoted && NUMBER.test(raw)) return { kind: 'number', value: Number(raw), raw };
    return stringValue(raw, quoted);
  }

  private consume(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(ch: string, expected: string): void {
    if (this.peek() !== ch) fail(this.text, this.pos, expected);
    this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
}

/** A string value: a leading / trailing unescaped `*` is a wildcard, `\x` stands for `x`. */
function stringValue(raw: string, quoted: boolean): PatternValue {
  let start = 0;
  let end = raw.length;
  const leading = raw.startsWith('*');
  if (leading) start = 1;
  let trailing = false;
  if (end > start && raw.endsWith('*')) {
    let backslashes = 0;
    for (let i = end - 2; i >= 0 && raw[i] === '\\'; i--) backslashes++;
    if (backslashes % 2 === 0) {
      trailing = true;
      end--;
    }
  }
  let value = '';
  for (let i = start; i < end; i++) {
    if (raw[i] === '\\' && i + 1 < end) {
      value += raw[i + 1];
      i++;
    } else value += raw[i];
  }
  return { kind: 'string', value, quoted, leading, trailing };
}
