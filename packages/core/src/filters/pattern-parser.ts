import { ConfigError, PatternSyntaxError } from '../errors';
import type { PatternNode, PatternSelector, PatternValue } from './pattern-ast';
import { type PatternLimits, resolvePatternLimits } from './pattern-limits';
import { parseDelimitedPattern } from './delimited-pattern-parser';
import { MAX_REGEX_PER_PATTERN } from './pattern-regex';
import { compileRe2 } from './regex-engine';
import { checkRegex } from './regex-syntax';
import { parseTermPattern } from './term-pattern-parser';

export { MAX_REGEX_PER_PATTERN };

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** Characters that end a bare property name. */
const NAME_END = /[\s.[\]=!<>(){}&|"%]/;
/** Characters that end a bare value. */
const VALUE_END = /[\s(){}"]/;

/**
 * Parse the text of a CloudWatch Logs filter pattern into its AST, in any of its forms: JSON
 * (`{ $.a = "x" && $.b > 1 }`), space-delimited (`[ip, user, ..., status_code = 4*]`, see
 * `parseDelimitedPattern`) or terms (`ERROR -DEBUG`, `?ERROR ?WARN`, `"a phrase"`, `%regex%`, see
 * `parseTermPattern`). An empty (or blank) pattern matches everything. `%regex%` values must use CloudWatch Logs' regular
 * expression syntax (see `regex-syntax.ts`). `limits` bound the text's length, its nesting depth and the
 * size of each regex (defaults in `DEFAULT_PATTERN_LIMITS`).
 * @throws PatternSyntaxError with a one-based column, for a pattern that does not parse or is over a limit.
 * @throws ConfigError when `text` is not a string or a limit is not a positive integer.
 */
export function parsePattern(text: string, limits?: PatternLimits): PatternNode {
  if (typeof text !== 'string') {
    throw new ConfigError(
      'pattern',
      `expected the pattern text (a string), got ${text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text}`,
    );
  }
  const resolved = resolvePatternLimits(limits);
  if (text.length > resolved.maxLength) {
    throw new PatternSyntaxError(
      text.slice(0, resolved.maxLength),
      resolved.maxLength + 1,
      `a pattern of at most ${resolved.maxLength} characters (maxLength; this one has ${text.length})`,
      'more text',
    );
  }
  return new Parser(text, resolved).parse();
}

class Parser {
  private pos = 0;
  private regexCount = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly limits: Required<PatternLimits>,
  ) {}

  parse(): PatternNode {
    this.skipSpace();
    if (this.pos >= this.text.length) return { type: 'all' };
    if (this.peek() === '[') return parseDelimitedPattern(this.text, this.limits);
    if (this.peek() !== '{') return parseTermPattern(this.text, this.limits);
    this.pos++;
    const node = this.parseOr();
    this.skipSpace();
    this.expectChar('}', '"&&", "||" or "}"');
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('end of pattern');
    return node;
  }

  private parseOr(): PatternNode {
    const operands = [this.parseAnd()];
    while (this.consume('||')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0]! : { type: 'or', operands: flatten('or', operands) };
  }

  private parseAnd(): PatternNode {
    const operands = [this.parsePrimary()];
    while (this.consume('&&')) operands.push(this.parsePrimary());
    return operands.length === 1 ? operands[0]! : { type: 'and', operands: flatten('and', operands) };
  }

  private parsePrimary(): PatternNode {
    this.skipSpace();
    if (this.peek() === '(') {
      if (this.depth >= this.limits.maxDepth) {
        this.fail(`at most ${this.limits.maxDepth} nested parentheses (maxDepth)`);
      }
      this.depth++;
      this.pos++;
      const inner = this.parseOr();
      this.skipSpace();
      this.expectChar(')', '"&&", "||" or ")"');
      this.depth--;
      return inner;
    }
    return this.parseTerm();
  }

  private parseTerm(): PatternNode {
    const selector = this.parseSelector();
    this.skipSpace();
    const c = this.peek();
    const c2 = this.text.slice(this.pos, this.pos + 2);
    if (c2 === '!=' || c === '=') {
      const op = c2 === '!=' ? '!=' : '=';
      this.pos += op.length;
      this.skipSpace();
      return { type: 'compare', selector, op, value: this.parseValue() };
    }
    if (c === '<' || c === '>') {
      const op = (c2 === '<=' || c2 === '>=' ? c2 : c) as '<' | '<=' | '>' | '>=';
      this.pos += op.length;
      this.skipSpace();
      const start = this.pos;
      const raw = this.readBare();
      if (!NUMBER.test(raw)) {
        this.pos = start;
        this.fail(`a number after "${op}"`);
      }
      return { type: 'numeric', selector, op, value: Number(raw), raw };
    }
    if (this.consumeWord('IS')) {
      this.requireSpace('TRUE, FALSE or NULL after IS');
      if (this.consumeWord('TRUE')) return { type: 'check', selector, check: 'isTrue' };
      if (this.consumeWord('FALSE')) return { type: 'check', selector, check: 'isFalse' };
      if (this.consumeWord('NULL')) return { type: 'check', selector, check: 'isNull' };
      this.fail('TRUE, FALSE or NULL after IS');
    }
    if (this.consumeWord('NOT')) {
      this.requireSpace('EXISTS after NOT');
      if (this.consumeWord('EXISTS')) return { type: 'check', selector, check: 'notExists' };
      this.fail('EXISTS after NOT');
    }
    return this.fail('an operator (=, !=, <, <=, >, >=, IS TRUE, IS FALSE, IS NULL or NOT EXISTS)');
  }

  private parseSelector(): PatternSelector {
    const start = this.pos;
    if (this.peek() !== '$') this.fail('a property selector starting with "$." or "("');
    this.pos++;
    const path: Array<string | number> = [];
    for (;;) {
      const c = this.peek();
      if (c === '.') {
        this.pos++;
        const nameStart = this.pos;
        while (this.pos < this.text.length && !NAME_END.test(this.text[this.pos]!)) this.pos++;
        if (this.pos === nameStart) this.fail('a property name after "."');
        path.push(this.text.slice(nameStart, this.pos));
      } else if (c === '[') {
        this.pos++;
        const numStart = this.pos;
        while (/\d/.test(this.peek())) this.pos++;
        if (this.pos === numStart) this.fail('an array index (digits) after "["');
        path.push(Number(this.text.slice(numStart, this.pos)));
        this.expectChar(']', '"]" after the array index');
      } else break;
    }
    if (path.length === 0) this.fail('"." or "[" after "$"');
    return { text: this.text.slice(start, this.pos), path };
  }

  private parseValue(): PatternValue {
    const c = this.peek();
    if (c === '"') return this.parseQuoted();
    if (c === '%') return this.parseRegex();
    if (this.pos >= this.text.length || VALUE_END.test(c) || this.startsOperator()) this.fail('a value');
    const raw = this.readBare();
    if (raw === '*') return { kind: 'any' };
    if (NUMBER.test(raw)) return { kind: 'number', value: Number(raw), raw };
    return stringValue(this.unescape(raw), false);
  }

  private parseQuoted(): PatternValue {
    const open = this.pos;
    this.pos++;
    let body = '';
    for (;;) {
      if (this.pos >= this.text.length) {
        this.pos = open;
        this.fail('a closing quote for the string starting here');
      }
      const ch = this.text[this.pos]!;
      if (ch === '\\' && this.pos + 1 < this.text.length) {
        body += ch + this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === '"') break;
      body += ch;
      this.pos++;
    }
    this.pos++;
    if (body === '*') return { kind: 'any' };
    return stringValue(this.unescape(body), true);
  }

  private parseRegex(): PatternValue {
    const open = this.pos;
    this.pos++;
    // The regex runs to the next "%" outside an escape pair (checkRegex then refuses an escaped "%").
    while (this.pos < this.text.length && this.text[this.pos] !== '%') {
      this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    }
    if (this.pos > this.text.length) this.pos = this.text.length;
    if (this.pos >= this.text.length) {
      this.pos = open;
      this.fail('a closing "%" for the regular expression starting here');
    }
    const source = this.text.slice(open + 1, this.pos);
    this.pos++;
    const checked = checkRegex(source);
    if (!checked.ok) {
      this.pos = open + 1 + checked.offset;
      this.fail(`a regular expression in CloudWatch Logs syntax: ${checked.expected}`);
    }
    if (checked.size > this.limits.maxRegexSize) {
      this.pos = open;
      this.fail(
        `a regular expression of size at most ${this.limits.maxRegexSize} (maxRegexSize; this one spells out ${checked.size} characters)`,
      );
    }
    try {
      compileRe2(checked.re2);
    } catch (error) {
      this.pos = open;
      this.fail(`a valid regular expression (${(error as Error).message})`);
    }
    this.regexCount++;
    if (this.regexCount > MAX_REGEX_PER_PATTERN) {
      this.pos = open;
      this.fail(`at most ${MAX_REGEX_PER_PATTERN} regular expressions in one pattern`);
    }
    return { kind: 'regex', source };
  }

  /** Unescape `\x` to `x`; an escaped `*` is kept literal, unescaped leading/trailing `*` are wildcards. */
  private unescape(raw: string): { value: string; leading: boolean; trailing: boolean } {
    let leading = false;
    let trailing = false;
    let start = 0;
    let end = raw.length;
    if (raw.startsWith('*')) {
      leading = true;
      start = 1;
    }
    if (end > start && raw.endsWith('*') && !isEscaped(raw, end - 1)) {
      trailing = true;
      end--;
    }
    let value = '';
    for (let i = start; i < end; i++) {
      const ch = raw[i]!;
      if (ch === '\\' && i + 1 < end) {
        value += raw[i + 1];
        i++;
      } else value += ch;
    }
    return { value, leading, trailing };
  }

  private readBare(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '\\' && this.pos + 1 < this.text.length) {
        this.pos += 2;
        continue;
      }
      if (VALUE_END.test(ch) || this.startsOperator()) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private startsOperator(): boolean {
    const two = this.text.slice(this.pos, this.pos + 2);
    return two === '&&' || two === '||';
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private requireSpace(expected: string): void {
    if (!/\s/.test(this.peek())) this.fail(expected);
    this.skipSpace();
  }

  private consume(token: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  /** Consume a keyword that is followed by a non-word character. */
  private consumeWord(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length] ?? '';
    if (/[A-Za-z0-9_]/.test(after)) return false;
    this.pos += word.length;
    return true;
  }

  private expectChar(ch: string, expected: string): void {
    if (this.peek() !== ch) this.fail(expected);
    this.pos++;
  }

  private fail(expected: string): never {
    const found =
      this.pos >= this.text.length
        ? 'end of pattern'
        : JSON.stringify(this.text.slice(this.pos, this.pos + 12));
    throw new PatternSyntaxError(this.text, this.pos + 1, expected, found);
  }
}

function isEscaped(raw: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function stringValue(
  parts: { value: string; leading: boolean; trailing: boolean },
  quoted: boolean,
): PatternValue {
  return { kind: 'string', value: parts.value, quoted, leading: parts.leading, trailing: parts.trailing };
}

function flatten(type: 'and' | 'or', operands: PatternNode[]): PatternNode[] {
  return operands.flatMap((n) => (n.type === type ? n.operands : [n]));
}
