/** Byte-level JSON helpers shared by the scanner's walk and its fast paths. */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const SPACE = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const BOM = [0xef, 0xbb, 0xbf] as const;

/** JSON whitespace. */
export function isWhitespace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/** Bytes that end a bare (unquoted) token such as a number, `true` or junk. */
export function endsScalar(c: number): boolean {
  return (
    c === COMMA ||
    c === CLOSE_BRACE ||
    c === CLOSE_BRACKET ||
    c === OPEN_BRACE ||
    c === OPEN_BRACKET ||
    c === QUOTE ||
    c === COLON ||
    isWhitespace(c)
  );
}

/** A byte as an error message shows it. */
export function describe(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}
