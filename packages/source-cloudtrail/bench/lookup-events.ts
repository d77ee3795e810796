/**
 * Benchmark: LookupEvents throughput at the API's rate limit (2 calls per second per region, enforced by the
 * local server) with 1, 2 and 4 regions read at once, against the same reads with no rate limit (baseline,
 * same run), and the calls a pushed-down lookup attribute saves. Peak RSS at the end.
 *
 *   pnpm --filter @trailkit/source-cloudtrail bench
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource, startCloudTrailServer } from '@trailkit/testing';
import { lookupEventsSource } from '../src/index';

const dir = join(import.meta.dirname, '../../core/test/fixtures/real/invictus-aws-dataset');
const records: Array<Record<string, unknown>> = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')).Records);
const PER_REGION = 300; // 6 pages of 50
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'];

async function read(regions: string[], limited: boolean, pattern?: string) {
  const server = await startCloudTrailServer({ lookupCallsPerSecond: limited ? 2 : 10_000 });
  regions.forEach((region, i) => {
    server.loadEvents(region, records.slice(i * PER_REGION, (i + 1) * PER_REGION));
  });
  const began = process.hrtime.bigint();
  const { events } = await readSource(
    lookupEventsSource({
      clientConfig: server.clientConfig,
      regions,
      filters: { since: '2023-07-01T00:00:00Z', ...(pattern ? { pattern } : {}) },
      ...(limited ? {} : { callsPerSecond: 10_000 }),
    }),
  );
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const calls = server.lookupCalls.filter((c) => !c.throttled).length;
  const throttled = server.lookupCalls.filter((c) => c.throttled).length;
  await server.stop();
  return { events: events.length, seconds, calls, throttled };
}

const results: Record<string, unknown>[] = [];
for (const n of [1, 2, 4]) {
  const regions = REGIONS.slice(0, n);
  const baseline = await read(regions, false);
  const limited = await read(regions, true);
  results.push({
    regions: n,
    events: limited.events,
    calls: limited.calls,
    throttled: limited.throttled,
    seconds: Number(limited.seconds.toFixed(2)),
    eventsPerSecond: Math.round(limited.events / limited.seconds),
    baselineEventsPerSecond: Math.round(baseline.events / baseline.seconds),
    slowdownVsBaseline: Number((limited.seconds / baseline.seconds).toFixed(1)),
  });
}
const pattern = '{ $.eventSource = "kms.amazonaws.com" }';
const all = await read(REGIONS.slice(0, 2), false);
const pushed = await read(REGIONS.slice(0, 2), false, pattern);
console.log(
  JSON.stringify(
    {
      rateLimit: results,
      pushdown: {
        pattern,
        callsWithout: all.calls,
        callsWith: pushed.calls,
        events: pushed.events,
        secondsSavedAt2PerSecondPerRegion: (all.calls - pushed.calls) / 2 / 2,
      },
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
