import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ConfigError, type Finding, parse, type TrailEvent } from '@trailkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSinkError, fileSink } from '../src/index';
import { listFiles, readNdjson, realEvents, stratusEvents } from './helpers';

const ctx = { signal: new AbortController().signal };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sink-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const isTemp = (f: string) => f.split(sep).at(-1)!.startsWith('.') && f.endsWith('.tmp');

describe('fileSink (dir)', () => {
  it('writes real events as NDJSON under a temp name and renames on close', async () => {
    const events = realEvents(3);
    expect(events.length).toBeGreaterThan(50);
    const sink = fileSink({ dir });
    await sink.write(events.slice(0, 40), ctx);
    await sink.write(events.slice(40), ctx);

    // while open, the sink holds a lock naming its process (how a later run tells a dead writer's files)
    const during = listFiles(dir).filter((f) => !/^\.trailkit-[0-9a-f]{8}\.lock$/.test(f));
    expect(during).toHaveLength(1);
    expect(isTemp(during[0]!)).toBe(true);
    // accepted data is already in the (temp) file, readable line by line
    const partial = readFileSync(join(dir, during[0]!), 'utf8').trim().split('\n');
    expect(partial).toHaveLength(events.length);

    await sink.close!();
    const after = listFiles(dir);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^trailkit-\d{8}T\d{9}Z-[0-9a-f]{8}-0000\.ndjson$/);
    expect(readNdjson(join(dir, after[0]!))).toEqual(events);
    expect(sink.files()).toEqual([join(dir, after[0]!)]);
  });

  it('creates no file when nothing was written', async () => {
    const sink = fileSink({ dir, partitionBy: 'account/region/date' });
    await sink.write([], ctx);
    await sink.close!();
    expect(listFiles(dir)).toEqual([]);
  });

  it('gzip output is one member per write and readable by zlib.gunzipSync', async () => {
    const events = realEvents(2);
    const sink = fileSink({ dir, gzip: true, prefix: 'ct' });
    for (let i = 0; i < events.length; i += 7) await sink.write(events.slice(i, i + 7), ctx);
    // before close, the temp file is already a valid gzip stream of everything accepted
    const [temp] = listFiles(dir);
    expect(isTemp(temp!)).toBe(true);
    expect(
      gunzipSync(readFileSync(join(dir, temp!)))
        .toString()
        .trim()
        .split('\n'),
    ).toHaveLength(events.length);
    await sink.close!();
    const [file] = listFiles(dir);
    expect(file).toMatch(/^ct-.*\.ndjson\.gz$/);
    expect(readNdjson(join(dir, file!))).toEqual(events);
  });

  it("gzip output (several members) is read back by core's parse()", async () => {
    const events = realEvents(3);
    const sink = fileSink({ dir, gzip: true });
    for (let i = 0; i < events.length; i += 50) await sink.write(events.slice(i, i + 50), ctx);
    await sink.close!();
    const [file] = sink.files();
    const parsed: TrailEvent[] = [];
    for await (const batch of parse(readFileSync(file!), { name: file })) parsed.push(...batch);
    expect(parsed).toEqual(events);
  });

  it('rejects a write whose signal is aborted, writing nothing', async () => {
    const sink = fileSink({ dir });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(sink.write(stratusEvents(), { signal: controller.signal })).rejects.toThrow('stop');
    await sink.close!();
    expect(listFiles(dir)).toEqual([]);
  });

  it('rotates by size: every file stays under maxBytes and no line is lost or split', async () => {
    const events = realEvents(4);
    const maxBytes = 20_000;
    const sink = fileSink({ dir, rotate: { maxBytes } });
    for (let i = 0; i < events.length; i += 5) await sink.write(events.slice(i, i + 5), ctx);
    const finishedBeforeClose = sink.files().length;
    expect(finishedBeforeClose).toBeGreaterThan(2);
    // rotated files are final; only the current one is still a temp file
    expect(listFiles(dir).filter(isTemp)).toHaveLength(1);
    await sink.close!();
    const files = listFiles(dir);
    expect(files.filter(isTemp)).toHaveLength(0);
    expect(files).toHaveLength(finishedBeforeClose + 1);
    const lines: unknown[] = [];
    for (const f of files) {
      const size = statSync(join(dir, f)).size;
      const batchMax = Math.max(...events.map((e) => JSON.stringify(e).length + 1)) * 5;
      expect(size).toBeLessThanOrEqual(Math.max(maxBytes, batchMax));
      lines.push(...readNdjson(join(dir, f)));
    }
    // names sort in write order, so concatenation restores the input order
    expect(lines).toEqual(events);
  });

  it('rotates gzip files by size (compressed bytes) and each is a complete gzip file', async () => {
    const events = realEvents(4);
    const sink = fileSink({ dir, gzip: true, rotate: { maxBytes: 4_000 } });
    for (let i = 0; i < events.length; i += 10) await sink.write(events.slice(i, i + 10), ctx);
    await sink.close!();
    const files = listFiles(dir);
    expect(files.length).toBeGreaterThan(2);
    expect(files.flatMap((f) => readNdjson(join(dir, f)))).toEqual(events);
  });

  it('rotates by age, from a timer, without further writes', async () => {
    const events = stratusEvents();
    const sink = fileSink({ dir, rotate: { maxAgeMs: 50 } });
    await sink.write(events, ctx);
    expect(sink.files()).toHaveLength(0);
    await expect.poll(() => sink.files().length, { timeout: 5_000, interval: 20 }).toBe(1);
    expect(listFiles(dir).filter(isTemp)).toHaveLength(0);
    await sink.write(events.slice(0, 1), ctx);
    await sink.close!();
    expect(sink.files()).toHaveLength(2);
    expect(readNdjson(sink.files()[0]!)).toEqual(events);
  });

  it('partitions real events by account/region/date', async () => {
    const stratus = stratusEvents('aws.defense-evasion.cloudtrail-delete');
    const sample = realEvents(1);
    const sink = fileSink({ dir, partitionBy: 'account/region/date' });
    await sink.write([...stratus, ...sample], ctx);
    await sink.close!();
    const files = listFiles(dir);
    const expected = new Set(
      [...stratus, ...sample].map((e) => {
        const [y, m, d] = e.eventTime!.slice(0, 10).split('-');
        return [e.recipientAccountId, e.awsRegion, y, m, d].join(sep);
      }),
    );
    expect(new Set(files.map((f) => f.split(sep).slice(0, -1).join(sep)))).toEqual(expected);
    for (const f of files) {
      const [account, region, y, m, d] = f.split(sep);
      for (const e of readNdjson(join(dir, f)) as TrailEvent[]) {
        expect(e.recipientAccountId).toBe(account);
        expect(e.awsRegion).toBe(region);
        expect(e.eventTime!.slice(0, 10)).toBe(`${y}-${m}-${d}`);
      }
    }
  });

  it('supports templates with other fields', async () => {
    const events = stratusEvents();
    const sink = fileSink({ dir, partitionBy: 'by-source/{source}/{kind}/{yyyy}{mm}{dd}-{hh}' });
    await sink.write(events, ctx);
    await sink.close!();
    for (const f of listFiles(dir)) {
      expect(f).toMatch(/^by-source[/\\][a-z0-9.]+amazonaws\.com[/\\]events[/\\]\d{8}-\d{2}[/\\]trailkit-/);
    }
  });

  it('never leaves dir whatever the event data holds', async () => {
    const base = stratusEvents()[0]!;
    const hostile: TrailEvent[] = [
      { ...base, awsRegion: '../../../../etc', recipientAccountId: '..' },
      { ...base, awsRegion: '/etc/passwd', recipientAccountId: '/', eventTime: '../../x' },
      {
        ...base,
        awsRegion: 'us-east-1\u0000\n\r',
        recipientAccountId: '..\\..\\win',
        eventTime: '2023-07-10T../..',
      },
      { ...base, awsRegion: '.', recipientAccountId: '.hidden', eventTime: '9999-99-99T99:00:00Z' },
      {
        ...base,
        awsRegion: 'x'.repeat(5000),
        recipientAccountId: 123 as unknown as string,
        eventTime: undefined,
      },
      { ...base, awsRegion: 'C:\\Windows', recipientAccountId: 'a/b', eventSource: '../../s' },
    ];
    const sink = fileSink({ dir, partitionBy: '{account}/{region}/{yyyy}/{mm}/{dd}/{source}' });
    await sink.write(hostile, ctx);
    await sink.close!();
    const files = listFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    let lines = 0;
    for (const f of files) {
      expect(isAbsolute(f)).toBe(false);
      const segments = f.split(sep);
      expect(segments).toHaveLength(7);
      for (const s of segments) {
        expect(s).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/);
        expect(s).not.toBe('..');
      }
      lines += readNdjson(join(dir, f)).length;
    }
    expect(lines).toBe(hostile.length);
    expect(files.some((f) => f.startsWith(`unknown${sep}`) || f.includes(`${sep}unknown${sep}`))).toBe(true);
  });

  it('partitions findings by their account, region and time', async () => {
    const events = stratusEvents();
    const finding: Finding = {
      kind: 'finding',
      id: 'f-1',
      rule: { id: 'threats.cloudtrail-stopped', title: 'CloudTrail stopped', severity: 'high' },
      severity: 'high',
      summary: 'someone stopped a trail',
      time: '2024-07-31T13:06:24Z',
      events: events.slice(0, 1),
      account: '143434273843',
      region: 'eu-west-3',
      action: 'cloudtrail.amazonaws.com:StopLogging',
    };
    const sink = fileSink({ dir, partitionBy: '{kind}/{account}/{region}/{yyyy}/{mm}/{dd}' });
    await sink.write([finding, ...events], ctx);
    await sink.close!();
    const files = listFiles(dir);
    const findingFiles = files.filter((f) => f.startsWith(`findings${sep}`));
    expect(findingFiles).toHaveLength(1);
    expect(findingFiles[0]!.split(sep).slice(0, 6)).toEqual([
      'findings',
      '143434273843',
      'eu-west-3',
      '2024',
      '07',
      '31',
    ]);
    expect(readNdjson(join(dir, findingFiles[0]!))).toEqual([finding]);
    expect(files.filter((f) => f.startsWith(`events${sep}`)).length).toBeGreaterThan(0);
  });

  it('gives each sink instance its own file names so processes can share a dir', async () => {
    const events = stratusEvents();
    const a = fileSink({ dir });
    const b = fileSink({ dir });
    await Promise.all([a.write(events, ctx), b.write(events, ctx)]);
    await Promise.all([a.close!(), b.close!()]);
    const files = listFiles(dir);
    expect(files).toHaveLength(2);
    expect(files[0]).not.toBe(files[1]);
    for (const f of files) expect(readNdjson(join(dir, f))).toEqual(events);
  });

  it('keeps order under concurrent writes and caps open files', async () => {
    const events = realEvents(2);
    const sink = fileSink({ dir, partitionBy: '{hh}', maxOpenFiles: 1 });
    await Promise.all(events.map((e) => sink.write([e], ctx)));
    await sink.close!();
    const all = listFiles(dir).flatMap((f) => readNdjson(join(dir, f)));
    expect(all).toHaveLength(events.length);
    expect(new Set(all.map((e) => (e as TrailEvent).eventID))).toEqual(new Set(events.map((e) => e.eventID)));
  });

  it('rejects writes after close with a FileSinkError', async () => {
    const sink = fileSink({ dir });
    await sink.close!();
    const error = await sink.write(stratusEvents(), ctx).catch((e: unknown) => e);
    expect(FileSinkError.isInstance(error)).toBe(true);
    expect((error as FileSinkError).code).toBe('FILE_SINK_CLOSED');
  });

  it('reports an unwritable directory as FILE_SINK_IO naming the file', async () => {
    const blocker = join(dir, 'not-a-dir');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(blocker, 'x');
    const sink = fileSink({ dir: blocker });
    const error = await sink.write(stratusEvents(), ctx).catch((e: unknown) => e);
    expect(FileSinkError.isInstance(error)).toBe(true);
    expect((error as FileSinkError).code).toBe('FILE_SINK_IO');
    expect((error as FileSinkError).message).toContain('not-a-dir');
  });

  it('validates options with ConfigError', () => {
    const bad: unknown[] = [
      {},
      { dir: '' },
      { dir: 'a', path: 'b' },
      { dir: 'a', partitionBy: '{nope}' },
      { dir: 'a', partitionBy: '/abs/{region}' },
      { dir: 'a', partitionBy: '{region}/../x' },
      { dir: 'a', rotate: { maxBytes: 0 } },
      { dir: 'a', rotate: { maxAgeMs: -1 } },
      { dir: 'a', prefix: '../x' },
      { dir: 'a', gzip: 'yes' },
      { path: 'a.ndjson', rotate: { maxBytes: 10 } },
    ];
    for (const options of bad) {
      expect(() => fileSink(options as never), JSON.stringify(options)).toThrow(
        expect.objectContaining({ name: 'ConfigError', code: 'CONFIG_INVALID' }),
      );
    }
    expect(ConfigError.isInstance(catchError(() => fileSink({ dir: 'a', partitionBy: '{nope}' })))).toBe(
      true,
    );
  });
});

describe('fileSink (symbolic links)', () => {
  it('refuses a symbolic link planted inside its tree and writes nothing outside', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sink-file-outside-'));
    try {
      const [event] = stratusEvents();
      const sink = fileSink({ dir, partitionBy: 'account/region/date' });
      const account = String(event!.recipientAccountId);
      symlinkSync(outside, join(dir, account));
      const error = await sink.write([event!], ctx).catch((e: unknown) => e);
      expect(FileSinkError.isInstance(error) && error.code).toBe('FILE_SINK_UNSAFE_PATH');
      expect((error as FileSinkError).file).toBe(join(dir, account));
      await sink.close!();
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('fileSink (path)', () => {
  it('writes one file that appears only on close, replacing an older one', async () => {
    const path = join(dir, 'nested', 'events.ndjson.gz');
    const events = stratusEvents();
    const first = fileSink({ path, gzip: true });
    await first.write(events.slice(0, 1), ctx);
    await first.close!();
    const sink = fileSink({ path, gzip: true });
    await sink.write(events, ctx);
    // the previous complete file is still what readers see
    expect(readNdjson(path)).toEqual(events.slice(0, 1));
    await sink.close!();
    expect(readNdjson(path)).toEqual(events);
    expect(listFiles(dir)).toEqual([join('nested', 'events.ndjson.gz')]);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
