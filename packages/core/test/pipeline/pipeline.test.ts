import { describe, expect, it } from 'vitest';
import type { Sink } from '../../src/contracts';
import { ConfigError } from '../../src/errors';
import type { TrailEvent } from '../../src/event/trail-event';
import { memoryCheckpoint } from '../../src/checkpoint/memory-checkpoint';
import { pipeline } from '../../src/pipeline/pipeline';
import { batchSink } from '../../src/util/batch-sink';
import type { Detector, Finding, Rule } from '../../src/rules/types';
import { arraySource, chunk, collectSink, invictusFiles, stratusEvents } from './helpers';

const all = invictusFiles();
const events = all.flatMap((f) => f.events);

describe('pipeline() over real events', () => {
  it('delivers every event in source order and counts them', async () => {
    const sink = collectSink<TrailEvent>();
    const summary = await pipeline()
      .from(arraySource(all.map((f) => f.events)))
      .to(sink)
      .run({ concurrency: 3 });
    expect(events.length).toBe(2474);
    expect(sink.items.length).toBe(2474);
    expect(sink.items.map((e) => e.eventID)).toEqual(events.map((e) => e.eventID));
    expect(summary.events).toEqual({ read: 2474, passed: 2474, invalid: 0, duplicates: 0 });
    expect(summary.batches).toBe(52);
    expect(summary.committedBatches).toBe(52);
    expect(summary.objects).toBe(52);
    expect(summary.bytes).toBe(5200);
    expect(summary.sinks).toEqual([
      { name: 'collect', written: 2474, writes: 52, retried: 0, failed: 0, deadLettered: 0 },
    ]);
    expect(summary.position).toBe(51);
    expect(summary.aborted).toBe(false);
    expect(sink.flushed && sink.closed).toBe(true);
  });

  it('filters with objects and functions; the count after filters is "passed"', async () => {
    const sink = collectSink<TrailEvent>();
    const denied = (e: TrailEvent) => typeof e.errorCode === 'string';
    const notS3 = { test: (e: TrailEvent) => e.eventSource !== 's3.amazonaws.com' };
    const summary = await pipeline()
      .from(arraySource(chunk(events, 100)))
      .filter(denied)
      .filter(notS3)
      .to(sink)
      .run();
    const expected = events.filter(
      (e) => typeof e.errorCode === 'string' && e.eventSource !== 's3.amazonaws.com',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(events.length);
    expect(sink.items).toEqual(expected);
    expect(summary.events.passed).toBe(expected.length);
    expect(summary.events.read).toBe(2474);
  });

  it('taps: events go to the first sink, findings to the later ones; flush findings come at the end', async () => {
    const raw = collectSink<TrailEvent>('raw');
    const alerts = collectSink<Finding>('alerts');
    const rule: Rule = {
      id: 'test.stop-logging',
      title: 'CloudTrail stopped',
      severity: 'high',
      match: (e) => e.eventName === 'StopLogging',
    };
    // A stateful detector: counts AccessDenied per principal and reports the total on flush.
    let seen: string[] = [];
    const counter: Detector = {
      id: 'test.denied-count',
      process(e) {
        seen.push(e.eventID ?? '');
        return undefined;
      },
      flush(): Finding[] {
        return [
          {
            kind: 'finding',
            id: 'count',
            rule: { id: 'test.denied-count', title: 'count', severity: 'low' },
            severity: 'low',
            summary: `${seen.length} events`,
            time: '',
            events: [],
          },
        ];
      },
    };
    const input = stratusEvents('aws.defense-evasion.cloudtrail-stop.json').concat(
      stratusEvents('aws.execution.ssm-send-command.json'),
    );
    const summary = await pipeline()
      .from(arraySource(chunk(input, 7)))
      .to(raw)
      .detect([rule, counter])
      .to(alerts)
      .run({ concurrency: 2 });
    expect(raw.items).toEqual(input);
    expect(seen).toEqual(input.map((e) => e.eventID ?? ''));
    const stops = input.filter((e) => e.eventName === 'StopLogging');
    expect(stops.length).toBe(1);
    expect(alerts.items.map((f) => f.rule.id)).toEqual(['test.stop-logging', 'test.denied-count']);
    expect(alerts.items[1]?.summary).toBe(`${input.length} events`);
    expect(summary.findings).toEqual({
      total: 2,
      byRule: { 'test.stop-logging': 1, 'test.denied-count': 1 },
      bySeverity: { info: 0, low: 1, medium: 0, high: 1, critical: 0 },
    });
    expect(summary.sinks.map((s) => [s.name, s.written])).toEqual([
      ['raw', input.length],
      ['alerts', 2],
    ]);
    seen = [];
  });

  it('map() transforms and drops items; findings can be filtered', async () => {
    const out = collectSink<string>();
    await pipeline()
      .from(arraySource([events.slice(0, 50)]))
      .map((e) => (e.eventName?.startsWith('Get') ? `${e.eventSource}:${e.eventName}` : undefined))
      .to(out)
      .run();
    const expected = events
      .slice(0, 50)
      .filter((e) => e.eventName?.startsWith('Get'))
      .map((e) => `${e.eventSource}:${e.eventName}`);
    expect(out.items).toEqual(expected);
  });

  it('splits large batches into writes of at most batchSize and passes batchSize to the source', async () => {
    const sizes: number[] = [];
    const sink: Sink<TrailEvent> = {
      name: 'sizes',
      async write(items) {
        sizes.push(items.length);
      },
    };
    const source = arraySource([events.slice(0, 250)]);
    await pipeline().from(source).to(sink).run({ batchSize: 100 });
    expect(sizes).toEqual([100, 100, 50]);
    expect(source.contexts[0]?.batchSize).toBe(100);
  });

  it('batchSink gathers several pipeline batches into one send, and the run still commits every batch', async () => {
    const sent: number[] = [];
    const store = memoryCheckpoint();
    const summary = await pipeline()
      .from(arraySource(chunk(events.slice(0, 500), 50)))
      .to(
        batchSink<TrailEvent>({
          name: 'batched',
          maxItems: 120,
          maxWaitMs: 20,
          send: async (items) => void sent.push(items.length),
        }),
      )
      .run({ concurrency: 3, checkpoint: store });
    expect(sent.reduce((a, b) => a + b, 0)).toBe(500);
    expect(sent.length).toBeLessThan(10);
    expect(Math.max(...sent)).toBeGreaterThanOrEqual(120);
    expect(summary.committedBatches).toBe(10);
    expect(store.snapshot()).toEqual({ array: 9 });
  });

  it('rejects bad configuration with ConfigError', async () => {
    const source = arraySource([]);
    await expect(pipeline().run()).rejects.toSatisfy(ConfigError.isInstance);
    expect(() => pipeline().from(source).from(source)).toThrow(/already called/);
    expect(() => pipeline().to()).toThrow(ConfigError);
    expect(() => pipeline().to({ name: 'x' } as unknown as Sink<TrailEvent>)).toThrow(/not a Sink/);
    expect(() => pipeline().filter(42 as unknown as () => boolean)).toThrow(ConfigError);
    expect(() => pipeline().from({ name: '', read: () => [] } as never)).toThrow(/name/);
    for (const bad of [
      { concurrency: 0 },
      { batchSize: 1.5 },
      { onInvalid: 'ignore' },
      { retry: { attempts: 0 } },
      { dedupe: -1 },
    ]) {
      await expect(
        pipeline()
          .from(source)
          .run(bad as never),
      ).rejects.toThrow(/pipeline\.run/);
    }
  });

  it('types: detect() is only allowed on events, filter keeps the item type', () => {
    const rule: Rule = { id: 'r', title: 'r', severity: 'low', match: () => true };
    expect(() => pipeline().detect([])).toThrow(/no rules/);
    const p = pipeline().detect(rule);
    const typeChecks = () => {
      // @ts-expect-error findings cannot be detected again
      p.detect(rule);
      // @ts-expect-error a sink of strings does not accept findings
      p.to(collectSink<string>());
      // @ts-expect-error an event filter does not apply to findings
      p.filter((e: TrailEvent & { eventName: string }) => e.eventName === 'x');
      // A sink of the default type (events or findings) fits anywhere, and as the dead letter.
      const generic: Sink = collectSink<TrailEvent | Finding>();
      void pipeline().from(arraySource([])).to(generic).detect(rule).to(generic).run({ deadLetter: generic });
      return p.filter((f: Finding) => f.severity === 'high').to(collectSink<Finding>());
    };
    expect(typeof typeChecks).toBe('function');
  });
});
