/** Every CloudTrail record of the repository's real fixtures (core's `test/fixtures/real/` and `samples/`). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type TrailEvent } from '@trailkit/core';

const ROOTS = [
  join(import.meta.dirname, '../../core/test/fixtures/real'),
  join(import.meta.dirname, '../../../samples'),
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : /\.(json|jsonl|ndjson)(\.gz)?$/.test(e.name) && e.name !== 'counts.json'
        ? [join(dir, e.name)]
        : [],
  );
}

/** The records of every real file, parsed by core's parser, with the file each came from. */
export function realEvents(): Promise<Array<{ file: string; event: TrailEvent }>> {
  cached ??= readAll();
  return cached;
}

let cached: Promise<Array<{ file: string; event: TrailEvent }>> | undefined;

async function readAll(): Promise<Array<{ file: string; event: TrailEvent }>> {
  const out: Array<{ file: string; event: TrailEvent }> = [];
  for (const root of ROOTS) {
    for (const file of files(root)) {
      for await (const batch of parse(readFileSync(file), { name: file })) {
        for (const event of batch) out.push({ file, event });
      }
    }
  }
  return out;
}

/** The first real event matching `test` (fails loudly when there is none). */
export async function realEvent(test: (e: TrailEvent) => boolean): Promise<TrailEvent> {
  const found = (await realEvents()).find(({ event }) => test(event));
  if (!found) throw new Error('no real event matches');
  return found.event;
}
