import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/contracts';
import { setOrigin } from '../../src/event/origin';
import { pipeline } from '../../src/pipeline/pipeline';
import { cisRules } from '../../src/rules/packs/cis';
import { threatRules } from '../../src/rules/packs/threats';
import type { Finding } from '../../src/rules/types';
import { allRealRecords } from './fixtures';
import { fires } from './helpers';

describe('pipeline().detect(rule packs)', () => {
  it('runs the CIS and threat packs over all real records and reports what the rules decide', async () => {
    const records = allRealRecords();
    const source: Source = {
      name: 'real-fixtures',
      async *read() {
        for (let i = 0; i < records.length; i += 200) {
          const events = records
            .slice(i, i + 200)
            .map((r, j) => setOrigin(r.event, { source: 'test', object: r.file, index: i + j }));
          yield { events, position: i + 200 };
        }
      },
    };
    const got: Finding[] = [];
    const rules = [...cisRules(), ...threatRules()];
    await pipeline()
      .from(source)
      .detect(rules)
      .to({ name: 'collect', write: async (items) => void got.push(...items) })
      .run();
    const expected = rules.reduce((n, r) => n + records.filter((x) => fires(r, x.event)).length, 0);
    expect(expected).toBeGreaterThan(100);
    expect(got.length).toBe(expected);
    expect(new Set(got.map((f) => f.id)).size).toBe(got.length);
    const stop = got.find((f) => f.rule.id === 'threats.cloudtrail-stopped');
    expect(stop?.summary).toMatch(/called cloudtrail:StopLogging/);
  });
});
