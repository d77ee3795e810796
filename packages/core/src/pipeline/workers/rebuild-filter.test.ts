import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL } from '../../../test/parser-helpers';
import { tempDir } from '../../../test/temp-dir';
import { getOrigin } from '../../event/origin';
import type { TrailEvent } from '../../event/trail-event';
import { allOf, anyOf, not } from '../../filters/combinators';
import { filterSpec } from '../../filters/filter-spec';
import { pattern } from '../../filters/pattern';
import { where } from '../../filters/where';
import { filesSource } from '../../sources/files/files-source';
import { pipeline } from '../pipeline';
import { rebuildFilter } from './rebuild-filter';

/** 394 real records of one invictus log file. */
const FILE = '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json';
const EVENTS = (
  JSON.parse(readFileSync(join(REAL, 'invictus-aws-dataset', FILE), 'utf8')) as { Records: TrailEvent[] }
).Records;

describe('filter specs: rebuilt in a worker, the same decisions', () => {
  const filters = [
    pattern('{ $.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*" }'),
    pattern('AccessDenied'),
    where({ eventSource: 'ec2.amazonaws.com', eventName: ['Describe*', 'Get*'], readOnly: true }),
    where({ userName: /^stratus-/, since: new Date('2023-07-10T11:56:00Z') }),
    allOf(where({ readOnly: false }), not(pattern('{ $.eventName = "Create*" }'))),
    anyOf(pattern('{ $.eventName = "ConsoleLogin" }'), where({ hasError: true })),
  ];

  it.each(filters.map((f, i) => [i, f] as const))('filter %i', (_i, filter) => {
    const spec = filterSpec(filter);
    expect(spec).toBeDefined();
    const copy = rebuildFilter(structuredClone(spec!));
    const decisions = EVENTS.map((e) => filter.test(e));
    expect(decisions.some(Boolean)).toBe(true);
    expect(EVENTS.map((e) => copy.test(e))).toEqual(decisions);
  });

  it('no spec for a function, a custom object, a combination with one, or a filter whose test was replaced', () => {
    const fn = (e: TrailEvent) => e.readOnly === true;
    expect(filterSpec(fn)).toBeUndefined();
    expect(filterSpec({ test: fn })).toBeUndefined();
    expect(filterSpec(allOf(pattern('{ $.readOnly IS TRUE }'), fn))).toBeUndefined();
    const changed = where({ readOnly: true });
    changed.test = () => false;
    expect(filterSpec(changed)).toBeUndefined();
  });
});

describe('workers: EventBridge envelopes keep their origin', () => {
  it('envelopeId and record index as on one thread', async () => {
    const dir = await tempDir('trailkit-workers-eb-');
    const wrapped = EVENTS.slice(0, 40).map((detail, n) => ({
      version: '0',
      id: `eb-${n}`,
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.cloudtrail',
      account: detail.recipientAccountId,
      time: detail.eventTime,
      region: detail.awsRegion,
      resources: [],
      detail,
    }));
    writeFileSync(join(dir, 'events.ndjson'), `${wrapped.map((w) => JSON.stringify(w)).join('\n')}\n`);
    const origins = async (workers: number) => {
      const seen: unknown[] = [];
      const summary = await pipeline()
        .from(filesSource({ paths: dir }))
        .to({
          name: 'collect',
          write: async (items) => {
            for (const e of items) seen.push(getOrigin(e));
          },
        })
        .run({ workers });
      return { seen, workers: summary.workers };
    };
    const one = await origins(1);
    const two = await origins(2);
    expect(two.workers).toBe(2);
    expect(one.seen).toHaveLength(40);
    expect((one.seen[3] as { envelopeId?: string }).envelopeId).toBe('eb-3');
    expect(two.seen).toEqual(one.seen);
  }, 20_000);
});
