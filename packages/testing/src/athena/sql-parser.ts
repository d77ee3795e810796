/**
 * A small SQL subset, enough to run the queries trailkit's Athena query builder emits against rows held in
 * memory: `SELECT * | expr [AS name], ... FROM [catalog.][db.]table [WHERE expr] [ORDER BY expr [ASC|DESC], ...]
 * [LIMIT n]` with AND/OR/NOT, comparisons, [NOT] IN, [NOT] LIKE ... [ESCAPE], IS [NOT] NULL, [NOT] BETWEEN,
 * dotted struct field access, string literals ('' escapes and U&'\0041' unicode escapes), numbers,
 * TRUE/FALSE/NULL, `?` parameters and a few functions (json_extract_scalar, lower, upper, regexp_like,
 * coalesce, cardinality). Anything else is a syntax error naming the position, like Athena's own.
 */

/** A literal value. */
export type SqlLiteral = string | number | boolean | null;

/** An expression. */
export type SqlExpr =
  | { kind: 'literal'; value: SqlLiteral }
  | { kind: 'column'; path: string[] }
  | { kind: 'param'; index: number }
  | { kind: 'call'; name: string; args: SqlExpr[] }
  | { kind: 'compare'; op: '=' | '<>' | '<' | '<=' | '>' | '>='; left: SqlExpr; right: SqlExpr }
  | { kind: 'and' | 'or'; left: SqlExpr; right: SqlExpr }
  | { kind: 'not'; expr: SqlExpr }
  | { kind: 'in'; expr: SqlExpr; list: SqlExpr[]; negated: boolean }
  | { kind: 'like'; expr: SqlExpr; pattern: SqlExpr; escape?: SqlExpr; negated: boolean }
  | { kind: 'isNull'; expr: SqlExpr; negated: boolean }
  | { kind: 'between'; expr: SqlExpr; low: SqlExpr; high: SqlExpr; negated: boolean };

/** A parsed SELECT statement. */
export interface SqlSelect {
  columns: '*' | Array<{ expr: SqlExpr; name: string }>;
  from: { database?: string; table: string };
  where?: SqlExpr;
  orderBy: Array<{ expr: SqlExpr; descending: boolean }>;
  limit?: number;
  /** Number of `?` placeholders. */
  parameterCount: number;
}

/** A syntax error with Athena's message shape (`line 1:8: ...`). */
export class SqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

type Token =
  | { type: 'ident'; value: string; quoted: boolean; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'punct'; value: string; pos: number }
  | { type: 'eof'; pos: number };

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'order',
  'by',
  'limit',
  'in',
  'like',
  'is',
  'between',
  'as',
  'escape',
]);

const PUNCT = ['<>', '!=', '<=', '>=', '(', ')', ',', '.', '*', '=', '<', '>', '?', ';'];

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (sql.startsWith('--', i)) {
      while (i < sql.length && sql[i] !== '\n') i += 1;
    } else if ((c === 'U' || c === 'u') && sql[i + 1] === '&' && sql[i + 2] === "'") {
      const start = i;
      const [raw, end] = readQuoted(sql, i + 2, "'");
      tokens.push({ type: 'string', value: decodeUnicodeEscapes(raw, start, sql), pos: start });
      i = end;
    } else if (c === "'") {
      const [value, end] = readQuoted(sql, i, "'");
      tokens.push({ type: 'string', value, pos: i });
      i = end;
    } else if (c === '"') {
      const [value, end] = readQuoted(sql, i, '"');
      tokens.push({ type: 'ident', value: value.toLowerCase(), quoted: true, pos: i });
      i = end;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'number', value: Number(match[0]), pos: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'ident', value: match[0].toLowerCase(), quoted: false, pos: i });
      i += match[0].length;
    } else {
      const punct = PUNCT.find((p) => sql.startsWith(p, i));
      if (!punct) throw new SqlSyntaxError(`${where(sql, i)}: token recognition error at: '${c}'`);
      tokens.push({ type: 'punct', value: punct, pos: i });
      i += punct.length;
    }
  }
  tokens.push({ type: 'eof', pos: sql.length });
  return tokens;
}

function readQuoted(sql: string, start: number, quote: string): [string, number] {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= sql.length) throw new SqlSyntaxError(`${where(sql, start)}: unterminated ${quote} literal`);
    const c = sql[i] as string;
    if (c === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return [value, i + 1];
    }
    value += c;
    i += 1;
  }
}

function decodeUnicodeEscapes(raw: string, pos: number, sql: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (raw[i + 1] === '\\') {
      out += '\\';
      i += 1;
    } else if (raw[i + 1] === '+' && /^[0-9A-Fa-f]{6}$/.test(raw.slice(i + 2, i + 8))) {
      out += String.fromCodePoint(Number.parseInt(raw.slice(i + 2, i + 8), 16));
      i += 7;
    } else if (/^[0-9A-Fa-f]{4}$/.test(raw.slice(i + 1, i + 5))) {
      out += String.fromCodePoint(Number.parseInt(raw.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      throw new SqlSyntaxError(`${where(sql, pos)}: invalid Unicode escape in U&'' literal`);
    }
  }
  return out;
}

function where(sql: string, pos: number): string {
  const before = sql.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line}:${column}`;
}

class Parser {
  #tokens: Token[];
  #i = 0;
  #sql: string;
  params = 0;

  constructor(sql: string) {
    this.#sql = sql;
    this.#tokens = tokenize(sql);
  }

  get peek(): Token {
    return this.#tokens[this.#i] as Token;
  }

  next(): Token {
    const token = this.peek;
    if (token.type !== 'eof') this.#i += 1;
    return token;
  }

  fail(expected: string): never {
    const token = this.peek;
    const found = token.type === 'eof' ? '<EOF>' : this.#sql.slice(token.pos, token.pos + 20).split(/\s/)[0];
    throw new SqlSyntaxError(
      `${where(this.#sql, token.pos)}: mismatched input '${found}'. Expecting: ${expected}`,
    );
  }

  isKeyword(word: string): boolean {
    const token = this.peek;
    return token.type === 'ident' && !token.quoted && token.value === word;
  }

  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.fail(word.toUpperCase());
  }

  acceptPunct(value: string): boolean {
    const token = this.peek;
    if (token.type === 'punct' && token.value === value) {
      this.next();
      return true;
    }
    return false;
  }

  expectPunct(value: string): void {
    if (!this.acceptPunct(value)) this.fail(`'${value}'`);
  }

  identifier(): string {
    const token = this.peek;
    if (token.type !== 'ident') this.fail('identifier');
    this.next();
    return (token as { value: string }).value;
  }

  select(): SqlSelect {
    this.expectKeyword('select');
    let columns: SqlSelect['columns'];
    if (this.acceptPunct('*')) {
      columns = '*';
    } else {
      columns = [];
      do {
        const expr = this.expression();
        let name = expr.kind === 'column' ? (expr.path.at(-1) as string) : `_col${columns.length}`;
        if (this.acceptKeyword('as')) name = this.identifier();
        columns.push({ expr, name });
      } while (this.acceptPunct(','));
    }
    this.expectKeyword('from');
    const parts = [this.identifier()];
    while (this.acceptPunct('.')) parts.push(this.identifier());
    if (parts.length > 3) this.fail('table name');
    const table = parts.at(-1) as string;
    const database = parts.length >= 2 ? parts.at(-2) : undefined;
    const result: SqlSelect = {
      columns,
      from: database ? { database, table } : { table },
      orderBy: [],
      parameterCount: 0,
    };
    if (this.acceptKeyword('where')) result.where = this.expression();
    if (this.acceptKeyword('order')) {
      this.expectKeyword('by');
      do {
        const expr = this.expression();
        const descending = this.acceptKeyword('desc');
        if (!descending) this.acceptKeyword('asc');
        result.orderBy.push({ expr, descending });
      } while (this.acceptPunct(','));
    }
    if (this.acceptKeyword('limit')) {
      const token = this.next();
      if (token.type !== 'number' || !Number.isInteger(token.value)) this.fail('integer');
      result.limit = (token as { value: number }).value;
    }
    this.acceptPunct(';');
    if (this.peek.type !== 'eof') this.fail('<EOF>');
    result.parameterCount = this.params;
    return result;
  }

  expression(): SqlExpr {
    let left = this.conjunction();
    while (this.acceptKeyword('or')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }

  conjunction(): SqlExpr {
    let left = this.negation();
    while (this.acceptKeyword('and')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  negation(): SqlExpr {
    if (this.acceptKeyword('not')) return { kind: 'not', expr: this.negation() };
    return this.predicate();
  }

  predicate(): SqlExpr {
    const expr = this.primary();
    const token = this.peek;
    if (token.type === 'punct' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      this.next();
      const op = (token.value === '!=' ? '<>' : token.value) as '=';
      return { kind: 'compare', op, left: expr, right: this.primary() };
    }
    if (this.acceptKeyword('is')) {
      const negated = this.acceptKeyword('not');
      this.expectKeyword('null');
      return { kind: 'isNull', expr, negated };
    }
    const negated = this.acceptKeyword('not');
    if (this.acceptKeyword('in')) {
      this.expectPunct('(');
      const list: SqlExpr[] = [];
      do list.push(this.primary());
      while (this.acceptPunct(','));
      this.expectPunct(')');
      return { kind: 'in', expr, list, negated };
    }
    if (this.acceptKeyword('like')) {
      const pattern = this.primary();
      const escapeChar = this.acceptKeyword('escape') ? this.primary() : undefined;
      return escapeChar
        ? { kind: 'like', expr, pattern, escape: escapeChar, negated }
        : { kind: 'like', expr, pattern, negated };
    }
    if (this.acceptKeyword('between')) {
      const low = this.primary();
      this.expectKeyword('and');
      return { kind: 'between', expr, low, high: this.primary(), negated };
    }
    if (negated) this.fail('IN, LIKE or BETWEEN');
    return expr;
  }

  primary(): SqlExpr {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'punct':
        if (token.value === '(') {
          const expr = this.expression();
          this.expectPunct(')');
          return expr;
        }
        if (token.value === '?') {
          this.params += 1;
          return { kind: 'param', index: this.params - 1 };
        }
        break;
      case 'ident': {
        if (!token.quoted && RESERVED.has(token.value)) break;
        if (!token.quoted) {
          if (token.value === 'true' || token.value === 'false')
            return { kind: 'literal', value: token.value === 'true' };
          if (token.value === 'null') return { kind: 'literal', value: null };
        }
        if (this.acceptPunct('(')) {
          const args: SqlExpr[] = [];
          if (!this.acceptPunct(')')) {
            do args.push(this.expression());
            while (this.acceptPunct(','));
            this.expectPunct(')');
          }
          return { kind: 'call', name: token.value, args };
        }
        const path = [token.value];
        while (this.acceptPunct('.')) path.push(this.identifier());
        return { kind: 'column', path };
      }
      case 'eof':
        break;
    }
    this.#i -= token.type === 'eof' ? 0 : 1;
    return this.fail('expression');
  }
}

/** Parse a SELECT statement of the supported subset. Throws {@link SqlSyntaxError}. */
export function parseSelect(sql: string): SqlSelect {
  return new Parser(sql).select();
}

/**
 * Parse one execution parameter as Athena does: it must be a single literal (`'text'`, `123`, `TRUE`, `NULL`).
 * Anything else (e.g. an injected `' OR 1=1 --`) is a syntax error, never SQL.
 */
export function parseParameter(text: string): SqlLiteral {
  const parser = new Parser(text);
  const expr = parser.primary();
  if (expr.kind !== 'literal' || parser.peek.type !== 'eof') {
    throw new SqlSyntaxError(`execution parameter is not a single literal: ${JSON.stringify(text)}`);
  }
  return expr.value;
}
