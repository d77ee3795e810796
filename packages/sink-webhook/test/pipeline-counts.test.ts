/**
 * One owner for retries: the pipeline. 1000 real events through `webhookSink` (20 requests of 50) against
 * a local receiver that refuses one request (400), fails another once (503) and rate-limits a third (429
 * with Retry-After). The receiver's request counts per idempotency key and the dead-letter file must match
 * the run summary exactly.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeadLetter, pipeline, type TrailEvent } from '@trailkit/core';
import { defineSink } from '@trailkit/core/plugin';
import { type HttpReceiver, startHttpReceiver } from '@trailkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookSink } from '../src/index';
import { invictus } from './fixtures';
import { itemsSource } from '@trailkit/testing';

/** 1000 real records, each with its own eventID (`<original>#<n>`). */
function thousandEvents(): TrailEvent[] {
  const base = invictus('218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json');
  return Array.from({ length: 1000 }, (_, n) => ({
    ...base[n % base.length]!,
    eventID: `${base[n % base.length]!.eventID}#${n}`,
  }));
}

/** Index of the request (0-19) an event belongs to. */
const requestOf = (e: { eventID?: string }) => Math.floor(Number(e.eventID?.split('#')[1]) / 50);

/** An NDJSON dead-letter file built with `defineSink`. */
function deadLetterFile(path: string) {
  return defineSink<DeadLetter>({
    name: 'dead-letter-file',
    write: (records) => appendFile(path, records.map((r) => `${JSON.stringify(r)}\n`).join('')),
  });
}

let receiver: HttpReceiver | undefined;
let dir: string | undefined;
afterEach(async () => {
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('webhook sink in a pipeline: the summary equals what the receiver and the dead letter hold', () => {
  it('1000 events; 400 once, 503 then 200, 429 Retry-After then 200', async () => {
    const REFUSED = 3;
    const FLAKY = 7;
    const LIMITED = 12;
    const sends = new Map<string, number>(); // idempotency key -> requests received
    const keyOf = new Map<number, string>(); // request index -> idempotency key
    const accepted = new Map<string, string[]>(); // key -> eventIDs answered 2xx
    receiver = await startHttpReceiver((req, _i, res) => {
      const key = String(req.headers['idempotency-key']);
      const n = (sends.get(key) ?? 0) + 1;
      sends.set(key, n);
      const body = JSON.parse(req.body) as { items: TrailEvent[] };
      const index = requestOf(body.items[0]!);
      keyOf.set(index, key);
      if (index === REFUSED) {
        res.statusCode = 400;
        return void res.end('{"error":"invalid payload"}');
      }
      if (index === FLAKY && n === 1) {
        res.statusCode = 503;
        return void res.end('try again');
      }
      if (index === LIMITED && n === 1) {
        res.statusCode = 429;
        res.setHeader('retry-after', '1');
        return void res.end('slow down');
      }
      accepted.set(
        key,
        body.items.map((e) => e.eventID as string),
      );
      res.end('ok');
    });
    dir = await mkdtemp(join(tmpdir(), 'webhook-counts-'));
    const deadPath = join(dir, 'dead-letter.ndjson');
    const events = thousandEvents();
    const attempts = 3;

    const summary = await pipeline()
      .from(itemsSource(events))
      .to(webhookSink({ url: receiver.url, batchSize: 50 }))
      .run({
        batchSize: 1000,
        retry: { attempts, baseMs: 10, maxMs: 2000, jitter: 'none' },
        deadLetter: deadLetterFile(deadPath),
      });

    // At the receiver: 20 distinct requests; the refused one sent exactly once, the 503 and 429 ones twice
    // (their retry reused the idempotency key), every other one once. 22 requests in all.
    expect(keyOf.size).toBe(20);
    const countOf = (index: number) => sends.get(keyOf.get(index)!);
    expect(countOf(REFUSED)).toBe(1);
    expect(countOf(FLAKY)).toBe(2);
    expect(countOf(LIMITED)).toBe(2);
    for (let i = 0; i < 20; i++) if (![REFUSED, FLAKY, LIMITED].includes(i)) expect(countOf(i)).toBe(1);
    expect(Math.max(...sends.values())).toBeLessThanOrEqual(attempts);
    expect(receiver.received).toHaveLength(22);
    const limited = receiver.received.filter((q) => q.headers['idempotency-key'] === keyOf.get(LIMITED));
    expect(limited[1]!.at - limited[0]!.at).toBeGreaterThanOrEqual(990); // Retry-After: 1 was honoured

    // In the dead-letter file: exactly the 50 events of the refused request, after one attempt.
    const dead = (await readFile(deadPath, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as DeadLetter);
    expect(dead).toHaveLength(50);
    expect(dead.every((d) => requestOf(d.item as TrailEvent) === REFUSED)).toBe(true);
    expect(dead[0]).toMatchObject({ kind: 'dead-letter', attempts: 1 });
    expect(dead[0]?.error).toMatch(/HTTP 400/);

    // The summary says the same.
    const delivered = [...accepted.values()].flat();
    expect(new Set(delivered).size).toBe(950);
    expect(summary.sinks[0]).toMatchObject({
      written: delivered.length,
      failed: dead.length,
      deadLettered: dead.length,
      retried: 1, // one retry of the write, carrying the 503 and the 429 requests (100 events)
      writes: 1,
    });
    expect(summary.deadLetter).toMatchObject({ written: dead.length, failed: 0 });
    expect(summary.sinks[0]!.written + summary.sinks[0]!.deadLettered).toBe(events.length);
  });
});
