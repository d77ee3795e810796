/** Read what an NDJSON output (a directory of files, or one file; gzip for `.gz` names) holds. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** What an NDJSON output holds. */
export interface NdjsonOutput {
  /** Every line, parsed, in file order (files sorted by path). */
  items: Record<string, unknown>[];
  /** Lines that are not JSON, a last line without its newline, and gzip files that do not decompress. */
  broken: number;
  /** Dot-files left in the output (temp files, locks, copies); none once a writer finished. */
  leftovers: string[];
}

/**
 * Read `out`: every file under it when `isDir` (recursively), else the one file (and, as leftovers, the
 * file sink's dot-files beside it: `.<name>.<instance>.tmp`, `.lock`, `.copying`).
 */
export function readNdjsonOutput(out: string, isDir: boolean): NdjsonOutput {
  const result: NdjsonOutput = { items: [], broken: 0, leftovers: [] };
  let files: string[];
  if (isDir) {
    files = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } else {
    files = [out];
    const prefix = `.${basename(out)}.`;
    for (const name of readdirSync(dirname(out))) {
      // this file's temp files, copies and locks: `.<name>.<8 hex>.<kind>` (not another file's, e.g. `<name>.gz`)
      if (name.startsWith(prefix) && /^[0-9a-f]{8}\.[a-z-]+$/.test(name.slice(prefix.length))) {
        result.leftovers.push(name);
      }
    }
  }
  for (const file of files) {
    if (basename(file).startsWith('.')) {
      result.leftovers.push(relative(out, file));
      continue;
    }
    let text: string;
    try {
      const raw = readFileSync(file);
      text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    } catch {
      result.broken++;
      continue;
    }
    if (text !== '' && !text.endsWith('\n')) result.broken++;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        result.items.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        result.broken++;
      }
    }
  }
  return result;
}
