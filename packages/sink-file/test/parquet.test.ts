/**
 * `fileSink({ format: 'parquet' })`: every real event bundled in the repository written as Parquet and read
 * back with DuckDB, compared field by field and rebuilt whole; partitions, rotation, findings, path mode.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../core/test/temp-dir';
import { fileSink } from '../src/index';
import { allRealEvents, listFiles, stratusEvents } from './helpers';
import { parquetColumns, readParquetRows } from './read-parquet';

const ctx = { signal: new AbortController().signal };

/** Real events of several Stratus Red Team detonations (different regions and days). */
const STRATUS = [
  'aws.execution.ssm-send-command',
  'aws.credential-access.ec2-steal-instance-credentials',
  'aws.execution.ec2-user-data',
  'aws.execution.ssm-start-session',
  'aws.defense-evasion.cloudtrail-stop',
];
const manyEvents = (): TrailEvent[] => STRATUS.flatMap((name) => stratusEvents(name));

/** The struct columns and the fields they hold (the rest of such an object is in `extraFields`). */
const STRUCTS = ['userIdentity', 'tlsDetails'];
const JSON_COLUMNS = [
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'resources',
  'serviceEventDetails',
  'addendum',
  'edgeDeviceDetails',
  'insightDetails',
];

/** Drop keys whose value is `null` or `undefined` (Parquet reads both back as NULL). */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}

/** Oracle: rebuild an event from a row as DuckDB reads it (columns, structs, JSON text, extraFields). */
function rebuild(row: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  const extra = (row.extraFields === null ? {} : JSON.parse(row.extraFields as string)) as Record<
    string,
    unknown
  >;
  for (const [k, v] of Object.entries(row)) {
    if (v === null || k === 'extraFields' || k === 'filename' || k === 'eventTimeMs') continue;
    if (k === 'eventTime') event[k] = new Date(row.eventTimeMs as number).toISOString();
    else if (JSON_COLUMNS.includes(k)) event[k] = JSON.parse(v as string);
    else if (STRUCTS.includes(k)) {
      const struct: Record<string, unknown> = {};
      for (const [f, fv] of Object.entries(v as Record<string, unknown>)) {
        if (fv === null) continue;
        struct[f] = f === 'sessionContext' || f === 'onBehalfOf' ? JSON.parse(fv as string) : fv;
      }
      event[k] = struct;
    } else event[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (STRUCTS.includes(k) && typeof v === 'object' && v !== null) {
      event[k] = { ...((event[k] as object | undefined) ?? {}), ...v };
    } else event[k] = v;
  }
  return event;
}

/** An original event in the shape a rebuilt one has: nulls dropped, eventTime as an ISO instant. */
function normalised(e: TrailEvent): Record<string, unknown> {
  const out = withoutNulls(e);
  for (const k of STRUCTS) {
    if (out[k] && typeof out[k] === 'object') out[k] = withoutNulls(out[k] as Record<string, unknown>);
  }
  if (typeof e.eventTime === 'string' && !Number.isNaN(Date.parse(e.eventTime))) {
    out.eventTime = new Date(Date.parse(e.eventTime)).toISOString();
  }
  return out;
}

const parquetFiles = (dir: string) =>
  listFiles(dir)
    .filter((f) => f.endsWith('.parquet'))
    .map((f) => join(dir, f));

describe('fileSink format parquet', () => {
  it('writes every real event; DuckDB reads each one back (id, time, name, arn, request, and whole)', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const events = allRealEvents();
    expect(events.length).toBeGreaterThan(5000);
    const sink = fileSink({ dir, format: 'parquet' });
    // several writes, as a pipeline makes them
    for (let i = 0; i < events.length; i += 700) await sink.write(events.slice(i, i + 700), ctx);
    await sink.close?.();
    const files = parquetFiles(dir);
    expect(files).toHaveLength(1);
    expect(listFiles(dir).filter((f) => f.split('/').pop()?.startsWith('.'))).toEqual([]);

    const rows = await readParquetRows(files);
    expect(rows).toHaveLength(events.length);
    // the eventID multiset is the same (the samples repeat some fixtures: ids occur twice)
    const ids = (list: unknown[]) => list.map((v) => String(v ?? '')).sort();
    expect(ids(rows.map((r) => r.eventID))).toEqual(ids(events.map((e) => e.eventID)));

    // every row matches one original event on the named fields, and rebuilds to it whole
    const byId = new Map<string, TrailEvent[]>();
    for (const e of events) {
      const key = String(e.eventID ?? '');
      byId.set(key, [...(byId.get(key) ?? []), e]);
    }
    for (const row of rows) {
      const candidates = byId.get(String(row.eventID ?? '')) ?? [];
      const rebuilt = rebuild(row);
      const at = candidates.findIndex((e) => {
        try {
          expect(rebuilt).toEqual(normalised(e));
          return true;
        } catch {
          return false;
        }
      });
      // none matched: show the difference from the first event with that id
      if (at === -1) expect(rebuilt).toEqual(normalised(candidates[0] as TrailEvent));
      const original = candidates.splice(at, 1)[0] as TrailEvent;
      if (typeof original.eventTime === 'string') {
        expect(row.eventTimeMs).toBe(Date.parse(original.eventTime));
      }
      expect(row.eventName ?? undefined).toBe(original.eventName);
      expect((row.userIdentity as { arn?: string } | null)?.arn ?? undefined).toBe(
        original.userIdentity?.arn,
      );
      if (original.requestParameters !== undefined && original.requestParameters !== null) {
        expect(JSON.parse(row.requestParameters as string)).toEqual(original.requestParameters);
      } else expect(row.requestParameters).toBeNull();
    }
    expect([...byId.values()].flat()).toEqual([]);
  }, 60_000);

  it('has typed columns: eventTime a UTC timestamp, flags booleans, userIdentity and tlsDetails structs', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const sink = fileSink({ dir, format: 'parquet' });
    await sink.write(manyEvents(), ctx);
    await sink.close?.();
    const [file] = parquetFiles(dir);
    const columns = await parquetColumns(file as string);
    expect(columns.eventTime).toBe('TIMESTAMP WITH TIME ZONE');
    expect(columns.readOnly).toBe('BOOLEAN');
    expect(columns.managementEvent).toBe('BOOLEAN');
    expect(columns.eventName).toBe('VARCHAR');
    expect(columns.requestParameters).toBe('VARCHAR');
    expect(columns.userIdentity).toMatch(/^STRUCT\("type" VARCHAR, principalId VARCHAR, arn VARCHAR/);
    expect(columns.tlsDetails).toBe(
      'STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR)',
    );
  });

  it('partitions by account/region/date and rotates: one complete file per partition per roll', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const events = manyEvents();
    const sink = fileSink({
      dir,
      format: 'parquet',
      partitionBy: 'account/region/date',
      rotate: { maxBytes: 1024 },
    });
    for (let i = 0; i < events.length; i += 10) await sink.write(events.slice(i, i + 10), ctx);
    await sink.close?.();
    const files = parquetFiles(dir);
    const partitions = new Set(
      files.map((f) =>
        f
          .slice(dir.length + 1)
          .split('/')
          .slice(0, -1)
          .join('/'),
      ),
    );
    expect(partitions.size).toBeGreaterThan(1);
    expect(files.length).toBeGreaterThan(partitions.size); // rotation made several files in some partition
    expect(
      sink
        .files()
        .filter((f) => f.endsWith('.parquet'))
        .sort(),
    ).toEqual([...files].sort());
    const rows = await readParquetRows(files);
    expect(rows.map((r) => r.eventID).sort()).toEqual(events.map((e) => e.eventID).sort());
    for (const row of rows) {
      const t = new Date(row.eventTimeMs as number).toISOString();
      const account = row.recipientAccountId ?? (row.userIdentity as { accountId: string }).accountId;
      const expected = `${account}/${row.awsRegion}/${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)}`;
      expect((row.filename as string).slice(dir.length + 1)).toMatch(
        new RegExp(`^${expected}/[^/]+\\.parquet$`),
      );
    }
  });

  it('writes findings to their own .findings.parquet files with finding columns', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const events = manyEvents();
    const finding: Finding = {
      kind: 'finding',
      id: 'f-1',
      rule: { id: 'test.rule', title: 'Test rule', severity: 'high' } as Finding['rule'],
      severity: 'high',
      summary: 'someone stopped a trail',
      time: events[0]?.eventTime as string,
      events: [events[0] as TrailEvent],
      principal: 'arn:aws:iam::123456789012:user/x',
      action: 'cloudtrail.amazonaws.com:StopLogging',
    };
    const sink = fileSink({ dir, format: 'parquet' });
    await sink.write([...events, finding], ctx);
    await sink.close?.();
    const files = parquetFiles(dir);
    const findingFiles = files.filter((f) => f.endsWith('.findings.parquet'));
    expect(findingFiles).toHaveLength(1);
    expect(files).toHaveLength(2);
    const [row] = await readParquetRows(findingFiles, 'time');
    expect(row).toMatchObject({
      ruleId: 'test.rule',
      severity: 'high',
      summary: 'someone stopped a trail',
      principal: 'arn:aws:iam::123456789012:user/x',
      timeMs: Date.parse(finding.time),
    });
    expect(JSON.parse(row?.finding as string)).toEqual(finding);
    expect(JSON.parse(row?.eventIDs as string)).toEqual([events[0]?.eventID]);
    const eventRows = await readParquetRows(files.filter((f) => !f.endsWith('.findings.parquet')));
    expect(eventRows).toHaveLength(events.length);
  });

  it('flush makes what was accepted readable: the open files become complete Parquet files', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const events = manyEvents();
    const sink = fileSink({ dir, format: 'parquet' });
    await sink.write(events.slice(0, 5), ctx);
    expect(parquetFiles(dir)).toEqual([]);
    await sink.flush?.();
    expect((await readParquetRows(parquetFiles(dir))).length).toBe(5);
    await sink.write(events.slice(5), ctx);
    await sink.close?.();
    const files = parquetFiles(dir);
    expect(files).toHaveLength(2);
    expect((await readParquetRows(files)).length).toBe(events.length);
  });

  it('path mode: one file that appears complete at close, replacing an older one', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const path = join(dir, 'events.parquet');
    const events = manyEvents();
    for (const round of [events.slice(0, 4), events]) {
      const sink = fileSink({ path, format: 'parquet' });
      await sink.write(round.slice(0, 2), ctx);
      await sink.write(round.slice(2), ctx);
      expect(readdirSync(dir).filter((n) => !n.startsWith('.'))).toEqual(
        round === events ? ['events.parquet'] : [],
      );
      await sink.close?.();
      const rows = await readParquetRows([path]);
      expect(rows.map((r) => r.eventID)).toEqual(round.map((e) => e.eventID));
      expect(readdirSync(dir)).toEqual(['events.parquet']);
    }
  });

  it('path mode refuses mixing events and findings in one file', async () => {
    const dir = await tempDir('trailkit-parquet-');
    const sink = fileSink({ path: join(dir, 'e.parquet'), format: 'parquet' });
    await sink.write(stratusEvents().slice(0, 1), ctx);
    const finding = {
      kind: 'finding',
      id: 'x',
      rule: { id: 'r' },
      events: [],
      time: '',
    } as unknown as Finding;
    await expect(sink.write([finding], ctx)).rejects.toMatchObject({ code: 'FILE_SINK_MIXED_KINDS' });
    // a write with both kinds is refused whole: none of its events is written
    await expect(sink.write([...stratusEvents().slice(0, 1), finding], ctx)).rejects.toMatchObject({
      code: 'FILE_SINK_MIXED_KINDS',
    });
    // flush in path mode does not finish the file (the file appears whole at close)
    await sink.flush?.();
    await sink.write(stratusEvents().slice(0, 1), ctx);
    await sink.close?.();
    expect(await readParquetRows([join(dir, 'e.parquet')])).toHaveLength(2);
  });
});
