/**
 * One benchmark candidate in its own process (so its peak RSS is its own): turn `events` real CloudTrail
 * events into NDJSON text, `batch` at a time, and print `{ ms, bytes, maxRssBytes }`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { TrailEvent } from '@trailkit/core';
import { ocsfMapper } from '../src/index';

const [candidate, eventsArg = '50000', batchArg = '500'] = process.argv.slice(2);
const DAY = fileURLToPath(
  new URL('../../../samples/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/', import.meta.url),
);
const real: TrailEvent[] = readdirSync(DAY)
  .filter((f) => f.endsWith('.json.gz'))
  .flatMap(
    (f) =>
      (JSON.parse(gunzipSync(readFileSync(join(DAY, f))).toString()) as { Records: TrailEvent[] }).Records,
  );

const total = Number(eventsArg);
const batch = Number(batchArg);
const encode: (items: readonly TrailEvent[]) => string =
  candidate === 'baseline-ndjson'
    ? (items) => {
        let text = '';
        for (const e of items) text += `${JSON.stringify(e)}\n`;
        return text;
      }
    : candidate === 'ocsf'
      ? ocsfMapper().lines
      : candidate === 'ocsf-raw-data'
        ? ocsfMapper({ rawData: true }).lines
        : (() => {
            throw new Error(`unknown candidate ${candidate}`);
          })();

let bytes = 0;
const start = performance.now();
for (let done = 0; done < total; done += batch) {
  const items: TrailEvent[] = [];
  for (let i = done; i < Math.min(done + batch, total); i++) items.push(real[i % real.length] as TrailEvent);
  bytes += Buffer.byteLength(encode(items));
}
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
