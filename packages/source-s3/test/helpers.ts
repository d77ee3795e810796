import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseError, Position, ReadContext, Source, SourceBatch, TrailEvent } from '@trailkit/core';

const REAL = fileURLToPath(new URL('../../core/test/fixtures/real/invictus-aws-dataset/', import.meta.url));

/** Real CloudTrail records (invictus-ir/aws_dataset, MIT) from the core fixtures. */
export function realRecords(limit = 400): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of readdirSync(REAL).sort()) {
    if (!file.endsWith('.json')) continue;
    const { Records } = JSON.parse(readFileSync(join(REAL, file), 'utf8')) as {
      Records: Record<string, unknown>[];
    };
    out.push(...Records);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** Everything one read of a source yields, with the invalid-input errors reported to it. */
export interface Drained {
  batches: SourceBatch[];
  events: TrailEvent[];
  invalid: ParseError[];
  last: Position | undefined;
}

/** Read a source to the end with a plain context (no pipeline), like the pipeline does. */
export async function drain(
  source: Source,
  options: { from?: Position; signal?: AbortSignal; onInvalid?: 'skip' | 'fail'; stopAfter?: number } = {},
): Promise<Drained> {
  const invalid: ParseError[] = [];
  const ctx: ReadContext = {
    signal: options.signal ?? new AbortController().signal,
    from: options.from,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid(error) {
      invalid.push(error);
      if (options.onInvalid === 'fail') throw error;
    },
  };
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(ctx)) {
    batches.push(batch);
    if (options.stopAfter !== undefined && batches.length >= options.stopAfter) break;
  }
  return {
    batches,
    events: batches.flatMap((b) => b.events),
    invalid,
    last: batches.at(-1)?.position,
  };
}
