import { describe, expect, it } from 'vitest';
import { collectSkipping } from '../../test/parser-helpers';

describe('parse(): limits on the window paths', () => {
  const ev = (n: number, extra: Record<string, unknown> = {}) => ({
    eventVersion: '1.08',
    eventID: `id-${n}`,
    eventTime: '2023-07-10T12:00:00Z',
    ...extra,
  });

  it('reports a record just over maxDepth among many small ones, in a window, in lines and in a whole file', async () => {
    const records = Array.from({ length: 60 }, (_, n) => JSON.stringify(ev(n)));
    // 9 deep with maxDepth 8: the record and 8 nested arrays
    records[30] = JSON.stringify(ev(30, { deep: [[[[[[[[]]]]]]]] }));
    const inputs: Array<[string, Buffer]> = [
      ['records', Buffer.from(`{"Records":[${records.join(',')}]}`)],
      ['ndjson', Buffer.from(`${records.join('\n')}\n`)],
      [
        'lookup lines',
        Buffer.from(`${records.map((r) => JSON.stringify({ CloudTrailEvent: r })).join('\n')}\n`),
      ],
    ];
    for (const [how, input] of inputs) {
      const { events, errors } = await collectSkipping(input, { name: 'in', maxDepth: 8 });
      expect(events.length, how).toBe(59);
      expect(
        errors.map((e) => [e.code, e.recordIndex]),
        how,
      ).toEqual([['PARSE_TOO_DEEP', 30]]);
    }
    const { events } = await collectSkipping(Buffer.from(`{"Records":[${records.join(',')}]}`), {
      name: 'in',
      maxDepth: 9,
    });
    expect(events.length).toBe(60);
  });
});
