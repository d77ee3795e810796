import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type OpenedBody, streamObject, WHOLE_OBJECT_MAX } from './stream-object';

const options = {
  name: 's3://b/k.json.gz',
  source: 's3',
  batchSize: 100,
  onInvalid: () => undefined,
  retry: { attempts: 3, baseMs: 1, maxMs: 1 },
  signal: new AbortController().signal,
};
const event = (i: number) => ({ eventVersion: '1.08', eventID: `e${i}`, eventTime: '2026-11-01T00:00:00Z' });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `e${i}`);

async function read(open: () => Promise<OpenedBody>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of streamObject(open, options)) for (const e of batch) out.push(String(e.eventID));
  return out;
}

/** A body in pieces of `size` bytes that fails after `failAfter` bytes (once). */
function body(bytes: Buffer, size: number, failAfter = Number.POSITIVE_INFINITY): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += size) {
        if (at >= failAfter) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        yield bytes.subarray(at, at + size);
      }
    })(),
  );
}

describe('streamObject: small bodies read whole, large ones streamed', () => {
  const small = gzipSync(JSON.stringify({ Records: Array.from({ length: 500 }, (_, i) => event(i)) }));

  it('reads a small gzip body in pieces as one input', async () => {
    expect(small.length).toBeLessThan(WHOLE_OBJECT_MAX);
    expect(await read(async () => body(small, 1000))).toEqual(ids(500));
  });

  it('opens the body again when it fails while being collected, without losing or repeating events', async () => {
    let opens = 0;
    const events = await read(async () => {
      opens++;
      return opens === 1 ? body(small, 1000, small.length / 2) : body(small, 1000);
    });
    expect(opens).toBe(2);
    expect(events).toEqual(ids(500));
  });

  it('streams a body past the switch', async () => {
    const line = (i: number) => JSON.stringify({ ...event(i), pad: 'x'.repeat(1000) });
    const count = Math.ceil(WHOLE_OBJECT_MAX / 1000) + 100;
    const text = Buffer.from(`${Array.from({ length: count }, (_, i) => line(i)).join('\n')}\n`);
    expect(text.length).toBeGreaterThan(WHOLE_OBJECT_MAX);
    const events = await read(async () => body(text, 64 * 1024));
    expect(events).toEqual(ids(count));
  });

  it('reads a small body of announced length into one buffer, and copes with a wrong length', async () => {
    for (const contentLength of [small.length, small.length - 1500, 10, small.length + 5000]) {
      expect(
        await read(async () => ({ body: body(small, 1000), contentLength })),
        String(contentLength),
      ).toEqual(ids(500));
    }
    let opens = 0;
    const events = await read(async () => {
      opens++;
      const bytes = opens === 1 ? body(small, 1000, small.length / 2) : body(small, 1000);
      return { body: bytes, contentLength: small.length };
    });
    expect(opens).toBe(2);
    expect(events).toEqual(ids(500));
  });

  it('streams a body announced past the switch from its first byte, without collecting it first', async () => {
    const lines = (from: number, n: number) =>
      Buffer.from(Array.from({ length: n }, (_, i) => `${JSON.stringify(event(from + i))}\n`).join(''));
    let firstBatchSeen: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      firstBatchSeen = resolve;
    });
    // the rest of the body only comes once the first batch was delivered: collecting would wait forever
    const held = Readable.from(
      (async function* () {
        yield lines(0, 150);
        await seen;
        yield lines(150, 50);
      })(),
    );
    const out: string[] = [];
    const reading = (async () => {
      for await (const batch of streamObject(
        async () => ({ body: held, contentLength: WHOLE_OBJECT_MAX + 1 }),
        options,
      )) {
        for (const e of batch) out.push(String(e.eventID));
        firstBatchSeen();
      }
    })();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 2000).unref());
    expect(await Promise.race([reading.then(() => 'done'), timeout])).toBe('done');
    expect(out).toEqual(ids(200));
  });
});
