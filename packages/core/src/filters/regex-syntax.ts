/**
 * The regular expression syntax of CloudWatch Logs filter patterns (`%regex%`), checked exactly and
 * translated to an equivalent RE2 expression (see `regex-engine.ts`).
 *
 * CloudWatch Logs documents a small subset ("Supported regular expressions (regex) syntax"):
 * - letters `A-Z` `a-z` and digits `0-9`;
 * - the symbols `:` `_` `#` `=` `@` `/` `;` `,` `-`;
 * - the operators `^` `$` `?` `[` `]` `{` `}` `|` `\` `*` `+` `.`;
 * - the escapes `\d` `\D` `\s` `\S` `\w` `\W`, `\xhh` (an ASCII character by its hex code, for the
 *   characters that may not be written as they are) and `\` before an operator or symbol (that character);
 * - no `(` or `)`: no groups, hence no lookarounds and no backreferences; no multi-byte characters.
 *
 * Everything else is refused with the offset of the offending character. Where CloudWatch Logs' page is
 * silent and JavaScript and RE2 disagree, the form is refused rather than guessed: a literal `]`, `{` or
 * `}` must be escaped, a `[` inside a class too, and a class may not be empty.
 */

/** Symbol characters CloudWatch Logs allows in a regular expression. */
const SYMBOLS = ':_#=@/;,-';
/** Operator characters CloudWatch Logs allows in a regular expression. */
const OPERATORS = '^$?[]{}|\\*+.';
/** Letters after `\` that name a character class. */
const CLASS_ESCAPES = 'dDsSwW';
/** RE2's largest repetition count, also the largest this checker accepts. */
const MAX_REPEAT = 1000;

/** A regular expression CloudWatch Logs accepts, translated for RE2. */
export interface CheckedRegex {
  readonly ok: true;
  /** The same expression in RE2 syntax (every literal punctuation character escaped). */
  readonly re2: string;
  /**
   * Its size: the number of characters, classes and `.` it spells out once every repetition is
   * expanded (`\d{1,3}` is 3, `a*` is 2). Matching costs at most about this many steps per input character.
   */
  readonly size: number;
}

/** Why a regular expression is refused. */
export interface RegexSyntaxProblem {
  readonly ok: false;
  /** Zero-based offset in the expression of the character that is refused. */
  readonly offset: number;
  /** What was expected there, for `PatternSyntaxError.expected`. */
  readonly expected: string;
}

/**
 * Check `source` (the text between the `%` signs) against CloudWatch Logs' regular expression syntax.
 * Returns the RE2 translation and its size, or the offset and description of the first problem.
 */
export function checkRegex(source: string): CheckedRegex | RegexSyntaxProblem {
  try {
    return new RegexChecker(source).check();
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, offset: error.offset, expected: error.expected };
    throw error;
  }
}

/** Internal: thrown inside the checker, turned into a {@link RegexSyntaxProblem} by {@link checkRegex}. */
class Refusal extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

/** One step of the expression just read: whether a quantifier may follow it and how large it is. */
interface Piece {
  quantifiable: boolean;
  size: number;
}

class RegexChecker {
  private pos = 0;
  private out = '';
  private size = 0;
  /** The last atom (or quantified atom) read, undefined after `|`, `^`, `$` or at the start. */
  private last: (Piece & { quantified: boolean; lazy: boolean }) | undefined;

  constructor(private readonly src: string) {}

  check(): CheckedRegex {
    if (this.src === '') this.refuse(0, 'a non-empty regular expression between "%" signs');
    while (this.pos < this.src.length) this.step();
    this.flush();
    return { ok: true, re2: this.out, size: this.size };
  }

  private step(): void {
    const c = this.src[this.pos]!;
    switch (c) {
      case '|':
      case '^':
      case '$':
        this.flush();
        this.out += c;
        this.pos++;
        return;
      case '*':
      case '+':
      case '?':
        this.quantifier(c);
        return;
      case '{':
        this.repetition();
        return;
      case '}':
        this.refuse(this.pos, '"\\}" for a literal "}" (a "}" alone closes nothing)');
        return;
      case ']':
        this.refuse(this.pos, '"\\]" for a literal "]" (a "]" alone closes nothing)');
        return;
      case '[':
        this.atom(this.charClass(), 1);
        return;
      case '.':
        this.pos++;
        this.atom('.', 1);
        return;
      case '\\':
        this.atom(this.escape(), 1);
        return;
      default:
        this.atom(this.literal(c, false), 1);
    }
  }

  /** Record an atom (its RE2 text) that a quantifier may follow. */
  private atom(re2: string, size: number): void {
    this.flush();
    this.out += re2;
    this.last = { quantifiable: true, size, quantified: false, lazy: false };
  }

  /** Add the size of the last atom (with its repetition) to the total. */
  private flush(): void {
    if (this.last) this.size += this.last.size;
    this.last = undefined;
  }

  private quantifier(c: '*' | '+' | '?'): void {
    const last = this.last;
    if (c === '?' && last?.quantified && !last.lazy) {
      // `a*?`, `a{2,3}?`: lazy; a match exists exactly when the greedy form has one.
      last.lazy = true;
      this.out += '?';
      this.pos++;
      return;
    }
    this.requireQuantifiable(c);
    this.out += c;
    this.pos++;
    last!.quantified = true;
    if (c !== '?') last!.size += 1;
  }

  private repetition(): void {
    const open = this.pos;
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.src.slice(open, open + 11));
    if (!m) {
      this.refuse(open, 'a repetition {m}, {m,} or {m,n} (or "\\{" for a literal "{")');
      return;
    }
    this.requireQuantifiable('{');
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
    if (min > MAX_REPEAT || (max !== undefined && max > MAX_REPEAT)) {
      this.refuse(open, `a repetition count of at most ${MAX_REPEAT}`);
    }
    if (max !== undefined && max < min) this.refuse(open, 'a repetition {m,n} with m <= n');
    const last = this.last!;
    last.quantified = true;
    last.size *= max === undefined ? min + 1 : Math.max(1, max);
    this.out += m[0];
    this.pos += m[0].length;
  }

  private requireQuantifiable(op: string): void {
    if (!this.last?.quantifiable) {
      this.refuse(this.pos, `a character, class or "." before "${op}"`);
    }
    if (this.last.quantified) {
      this.refuse(this.pos, `one quantifier per character, class or "." (found a second "${op}")`);
    }
  }

  /** `[...]` / `[^...]`, from the `[`; returns its RE2 text. */
  private charClass(): string {
    const open = this.pos;
    this.pos++;
    let out = '[';
    if (this.src[this.pos] === '^') {
      out += '^';
      this.pos++;
    }
    let items = 0;
    for (;;) {
      if (this.pos >= this.src.length) this.refuse(open, 'a closing "]" for the class starting here');
      const c = this.src[this.pos]!;
      if (c === ']') {
        if (items === 0) this.refuse(this.pos, 'a character or range in the class (it is empty)');
        this.pos++;
        return out + ']';
      }
      if (c === '[') this.refuse(this.pos, '"\\[" for a literal "[" inside a class');
      const startAt = this.pos;
      const start = this.classItem();
      items++;
      if (start.single === undefined || this.src[this.pos] !== '-' || this.src[this.pos + 1] === ']') {
        out += start.re2;
        continue;
      }
      // a range `x-y`
      this.pos++;
      if (this.pos >= this.src.length) this.refuse(open, 'a closing "]" for the class starting here');
      const endAt = this.pos;
      const end = this.classItem();
      if (end.single === undefined) this.refuse(endAt, 'a single character to end the range');
      if (end.single! < start.single) this.refuse(startAt, 'a range whose start is not after its end');
      out += `${start.re2}-${end.re2}`;
    }
  }

  /** One item of a class: a character, an escape or a class escape (`single` is undefined for those). */
  private classItem(): { re2: string; single: number | undefined } {
    const c = this.src[this.pos]!;
    if (c === '\\') {
      const isClass = CLASS_ESCAPES.includes(this.src[this.pos + 1] ?? '');
      const at = this.pos;
      const re2 = this.escape();
      return { re2, single: isClass ? undefined : this.escapedCode(at) };
    }
    if (c === '-' || OPERATORS.includes(c)) {
      // inside a class the operators (and `-` at its ends) stand for themselves
      this.pos++;
      return { re2: `\\${c}`, single: c.charCodeAt(0) };
    }
    return { re2: this.literal(c, true), single: c.charCodeAt(0) };
  }

  /** The character code of the escape that starts at `at` (already read). */
  private escapedCode(at: number): number {
    const next = this.src[at + 1]!;
    if (next === 'x') return Number.parseInt(this.src.slice(at + 2, at + 4), 16);
    return next.charCodeAt(0);
  }

  /** A `\` escape, from the `\`; returns its RE2 text. */
  private escape(): string {
    const at = this.pos;
    const next = this.src[at + 1];
    if (next === undefined) this.refuse(at, 'a character after "\\"');
    if (CLASS_ESCAPES.includes(next!)) {
      this.pos += 2;
      return `\\${next}`;
    }
    if (next === 'x') {
      const hex = this.src.slice(at + 2, at + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) this.refuse(at, 'two hexadecimal digits after "\\x" (\\xhh)');
      if (Number.parseInt(hex, 16) > 0x7f) {
        this.refuse(
          at,
          'an ASCII character code 00-7F after "\\x" (multi-byte characters are not supported)',
        );
      }
      this.pos += 4;
      return `\\x${hex}`;
    }
    if (SYMBOLS.includes(next!) || OPERATORS.includes(next!)) {
      this.pos += 2;
      return `\\${next}`;
    }
    if (next! >= '0' && next! <= '9') {
      this.refuse(at, 'no backreference (CloudWatch Logs regular expressions have no groups)');
    }
    if (next === '%') this.refuse(at, 'no "%" in a regular expression (write \\x25 to match one)');
    return this.refuse(
      at,
      'an escape CloudWatch Logs supports (\\d \\D \\s \\S \\w \\W \\xhh, or "\\" before an operator or symbol)',
    );
  }

  /** A character that stands for itself, from its position; returns its RE2 text. */
  private literal(c: string, inClass: boolean): string {
    if (/[A-Za-z0-9]/.test(c)) {
      this.pos++;
      return c;
    }
    if (SYMBOLS.includes(c)) {
      this.pos++;
      return `\\${c}`;
    }
    if (c === '(' || c === ')') {
      this.refuse(
        this.pos,
        `no "${c}" (CloudWatch Logs regular expressions have no groups, lookarounds or backreferences${
          inClass ? '' : '; use "|" between whole alternatives'
        }; write \\x${c === '(' ? '28' : '29'} to match one)`,
      );
    }
    const code = c.charCodeAt(0);
    if (code > 0x7f) {
      this.refuse(this.pos, 'an ASCII character (CloudWatch Logs does not support multi-byte characters)');
    }
    const hex = code.toString(16).toUpperCase().padStart(2, '0');
    return this.refuse(
      this.pos,
      `a letter, digit, one of : _ # = @ / ; , - or an operator ^ $ ? [ ] { } | \\ * + . (write \\x${hex} to match ${JSON.stringify(c)})`,
    );
  }

  private refuse(offset: number, expected: string): never {
    throw new Refusal(offset, expected);
  }
}
