import type { FieldType, StructField } from './cloudtrail-columns';

/** A parsed struct/array/map cell: lower-case field names, strings, NULLs. */
export type CellValue = string | null | CellValue[] | { [key: string]: CellValue };

const END = '\u0000end';

/** Thrown when a cell does not have the rendering its type implies. */
export class CellSyntaxError extends Error {
  /** Character offset in the cell where the problem was found. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at character ${offset}`);
    this.name = 'CellSyntaxError';
    this.offset = offset;
  }
}

/**
 * Parse a struct, array or map cell as Athena renders it in `GetQueryResults`
 * (`{type=IAMUser, principalid=AIDA..., onbehalfof=null, sessioncontext={attributes={...}, ...}}`,
 * `[{arn=..., accountid=..., type=...}]`, `{key=value}`).
 *
 * The rendering is not escaped, so the parse is guided by the column's type: a string field ends where
 * `, <next field name>=` (or the closing bracket of its struct, followed by what follows the struct)
 * appears first. A value that itself contains such a sequence cannot be told apart; CloudTrail's struct
 * fields (ARNs, ids, names, dates) do not contain one.
 */
export function parseCell(text: string, type: FieldType): CellValue {
  const [value, end] = parseValue(text, 0, type, [END]);
  if (end !== text.length) throw new CellSyntaxError('unexpected text after value', end);
  return value;
}

/** True when one of `after` follows at `pos` (a terminator ending in END must reach the end of the text). */
function follows(text: string, pos: number, after: readonly string[]): boolean {
  return after.some((a) => {
    if (!a.endsWith(END)) return text.startsWith(a, pos);
    const prefix = a.slice(0, -END.length);
    return pos + prefix.length === text.length && text.startsWith(prefix, pos);
  });
}

/** The smallest position >= from where one of `after` follows. */
function findEnd(text: string, from: number, after: readonly string[]): number {
  for (let p = from; p <= text.length; p += 1) if (follows(text, p, after)) return p;
  throw new CellSyntaxError('unterminated value', from);
}

function parseValue(
  text: string,
  pos: number,
  type: FieldType,
  after: readonly string[],
): [CellValue, number] {
  if (text.startsWith('null', pos) && follows(text, pos + 4, after)) return [null, pos + 4];
  switch (type.kind) {
    case 'struct':
      return parseStruct(text, pos, type.fields, after);
    case 'array':
      return parseArray(text, pos, type.element, after);
    case 'map':
      return parseMap(text, pos, after);
    default: {
      const end = findEnd(text, pos, after);
      return [text.slice(pos, end), end];
    }
  }
}

function parseStruct(
  text: string,
  pos: number,
  fields: readonly StructField[],
  after: readonly string[],
): [CellValue, number] {
  if (text[pos] !== '{') throw new CellSyntaxError("expected '{'", pos);
  let i = pos + 1;
  const out: Record<string, CellValue> = {};
  for (const [index, field] of fields.entries()) {
    const key = `${field.column}=`;
    if (!text.startsWith(key, i)) throw new CellSyntaxError(`expected field '${field.column}'`, i);
    i += key.length;
    const next = fields[index + 1];
    const fieldAfter = next ? [`, ${next.column}=`] : after.map((a) => `}${a}`);
    const [value, end] = parseValue(text, i, field.type, fieldAfter);
    out[field.column] = value;
    i = end;
    if (next) i += 2; // ", "
  }
  if (text[i] !== '}') throw new CellSyntaxError("expected '}'", i);
  return [out, i + 1];
}

function parseArray(
  text: string,
  pos: number,
  element: FieldType,
  after: readonly string[],
): [CellValue, number] {
  if (text[pos] !== '[') throw new CellSyntaxError("expected '['", pos);
  const close = after.map((a) => `]${a}`);
  if (text[pos + 1] === ']' && follows(text, pos + 2, after)) return [[], pos + 2];
  const items: CellValue[] = [];
  let i = pos + 1;
  const elementAfter = [', ', ...close];
  for (;;) {
    const [value, end] = parseValue(text, i, element, elementAfter);
    items.push(value);
    if (text.startsWith(', ', end)) {
      i = end + 2;
      continue;
    }
    if (text[end] === ']') return [items, end + 1];
    throw new CellSyntaxError("expected ', ' or ']'", end);
  }
}

function parseMap(text: string, pos: number, after: readonly string[]): [CellValue, number] {
  if (text[pos] !== '{') throw new CellSyntaxError("expected '{'", pos);
  const close = findEnd(
    text,
    pos + 1,
    after.map((a) => `}${a}`),
  );
  const inner = text.slice(pos + 1, close);
  const out: Record<string, CellValue> = {};
  if (inner.length > 0) {
    for (const entry of inner.split(/, (?=[^=,{}]+=)/)) {
      const eq = entry.indexOf('=');
      if (eq < 0) throw new CellSyntaxError('expected key=value in map', pos);
      const value = entry.slice(eq + 1);
      out[entry.slice(0, eq)] = value === 'null' ? null : value;
    }
  }
  return [out, close + 1];
}
