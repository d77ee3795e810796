import { describe, expect, it } from 'vitest';
import { objectSteps } from './stream-object';

const options = {
  name: 's3://b/k.json',
  source: 's3',
  batchSize: 2,
  onInvalid: () => undefined,
  retry: { attempts: 1, baseMs: 1, maxMs: 1 },
  signal: new AbortController().signal,
};
const collect = async (body: string) => {
  const out: Array<{ ids: unknown[]; last: boolean }> = [];
  for await (const step of objectSteps(async () => new TextEncoder().encode(body), options)) {
    out.push({ ids: step.events.map((e) => e.eventID), last: step.last });
  }
  return out;
};

describe('objectSteps', () => {
  it('marks only the final batch of an object as last', async () => {
    // the fields every CloudTrail event has (the parser rejects records without them)
    const event = (eventID: string) => ({ eventVersion: '1.08', eventID, eventTime: '2026-11-01T00:00:00Z' });
    const body = JSON.stringify({ Records: [event('a'), event('b'), event('c')] });
    expect(await collect(body)).toEqual([
      { ids: ['a', 'b'], last: false },
      { ids: ['c'], last: true },
    ]);
  });

  it('yields one empty last step for an object without events', async () => {
    expect(await collect('{"Records":[]}')).toEqual([{ ids: [], last: true }]);
    expect(await collect('')).toEqual([{ ids: [], last: true }]);
  });
});
