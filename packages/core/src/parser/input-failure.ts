import type { ParseErrorCode } from '../errors';

/**
 * Internal: a failure of the byte input or of decompression, raised by the input stages and turned into a
 * `ParseError` (with input name, offset and record index) by `parse()`.
 */
export class InputFailure extends Error {
  readonly code: ParseErrorCode;

  constructor(code: ParseErrorCode, detail: string, cause: unknown) {
    super(detail, { cause });
    this.name = 'InputFailure';
    this.code = code;
  }
}
