/**
 * Child process of redos.test.ts: scans an NDJSON file of (hostile) events with filter patterns, the way
 * `trailkit scan --pattern` does (core's parser, then `pattern().test`). Usage:
 * node --conditions=source --import tsx redos-scan.ts <events.ndjson> <patterns.json>
 * Prints one JSON line: `{ "events": n, "matches": [count per pattern] }`.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { pattern } from '../../src/filters/pattern';
import { parse } from '../../src/parser/parse';

const [file, patternsFile] = process.argv.slice(2) as [string, string];
const filters = (JSON.parse(readFileSync(patternsFile, 'utf8')) as string[]).map((text) => pattern(text));
const matches = filters.map(() => 0);
let events = 0;
for await (const batch of parse(createReadStream(file), { name: file })) {
  for (const event of batch) {
    events++;
    filters.forEach((f, i) => {
      if (f.test(event)) matches[i]!++;
    });
  }
}
process.stdout.write(`${JSON.stringify({ events, matches })}\n`);
