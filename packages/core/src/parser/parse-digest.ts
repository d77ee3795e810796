import { ParseError } from '../errors';
import type { DigestFile } from '../event/trail-event';
import { decodedBytes } from './decoded-bytes';
import { InputFailure } from './input-failure';
import { DEFAULT_MAX_DEPTH } from './limits';
import { RecordScanner, type ScanItem } from './scanner';
import { isDigest, isObject } from './shapes';
import type { ByteInput } from './types';

/** Largest digest file read (decompressed): digests list one entry per log file of an hour. */
const MAX_DIGEST_BYTES = 64 * 1024 * 1024;

/**
 * Read a CloudTrail digest file (log file integrity validation, `CloudTrail-Digest/...json.gz`).
 * Returns the digest, or `undefined` if the input is not a digest (e.g. a log file: reading stops at its
 * records array, so a large log file is not read through). gzip is detected as in `parse()`.
 *
 * @throws {ParseError} when the input is not valid JSON, is truncated or empty, or its gzip is corrupt.
 */
export async function parseDigest(
  input: ByteInput,
  options: { name?: string } = {},
): Promise<DigestFile | undefined> {
  const name = options.name ?? '<input>';
  // a digest is no CloudTrail event, and its logFiles list may be long: only the depth limit applies
  const scanner = new RecordScanner(MAX_DIGEST_BYTES, {
    maxDepth: DEFAULT_MAX_DEPTH,
    maxKeys: MAX_DIGEST_BYTES,
    requireFields: false,
  });
  const items: ScanItem[] = [];
  let bytes = 0;
  const fail = (code: ParseError['code'], detail: string, offset: number, cause?: unknown): ParseError =>
    new ParseError(code, detail, { input: name, offset, recordIndex: 0 }, { cause });

  const decide = (): DigestFile | undefined | 'more' => {
    for (const item of items) {
      if (item.kind === 'error') throw fail(item.code, item.detail, item.offset);
      if (item.kind === 'wrapper' || item.kind === 'record' || item.kind === 'records') return undefined;
      if (item.kind === 'value') return isObject(item.value) && isDigest(item.value) ? item.value : undefined;
      let value: unknown;
      try {
        value = JSON.parse(item.text);
      } catch (cause) {
        throw fail(
          'PARSE_INVALID_JSON',
          `the JSON object is not valid JSON: ${String(cause)}`,
          item.offset,
          cause,
        );
      }
      return isObject(value) && isDigest(value) ? value : undefined;
    }
    items.length = 0;
    return 'more';
  };

  try {
    for await (const chunk of decodedBytes(input)) {
      scanner.push(chunk, items);
      bytes += chunk.length;
      const found = decide();
      if (found !== 'more') return found;
    }
  } catch (caught) {
    if (caught instanceof InputFailure) throw fail(caught.code, caught.message, bytes, caught.cause);
    throw caught;
  }
  scanner.end(items);
  const found = decide();
  return found === 'more' ? undefined : found;
}
