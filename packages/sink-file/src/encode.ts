/** Items to NDJSON bytes (as they are, or as OCSF records), optionally as one complete gzip member. */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Finding, TrailEvent } from '@trailkit/core';
import type { OcsfMapper } from '@trailkit/ocsf';

const gzip = promisify(gzipCallback);

/**
 * One JSON document per line, each line ending in `\n`. With `compress`, the lines become one complete gzip
 * member: members concatenate into a valid gzip file (RFC 1952 §2.2), so every accepted write is readable on
 * its own, even from a file a crash left unfinished.
 */
export async function encodeLines(
  items: readonly (TrailEvent | Finding)[],
  compress: boolean,
): Promise<Buffer> {
  let text = '';
  for (const item of items) text += `${JSON.stringify(item)}\n`;
  const bytes = Buffer.from(text, 'utf8');
  return compress ? gzip(bytes) : bytes;
}

/** Items as OCSF records (`@trailkit/ocsf`), one per line, optionally as one complete gzip member. */
export async function encodeOcsfLines(
  items: readonly (TrailEvent | Finding)[],
  mapper: OcsfMapper,
  compress: boolean,
): Promise<Buffer> {
  return encodeText(mapper.lines(items), compress);
}

/** Text as bytes, optionally as one complete gzip member (see {@link encodeLines}). */
export async function encodeText(text: string, compress: boolean): Promise<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  return compress ? gzip(bytes) : bytes;
}
