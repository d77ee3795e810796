import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleScript } from '@trailkit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileSink, recoverTempFiles } from '../src/index';
import { listFiles, readNdjson, stratusEvents } from './helpers';

const SCRIPT = fileURLToPath(new URL('./scripts/crash-writer.ts', import.meta.url));
const ctx = { signal: new AbortController().signal };
let dir: string;
let bundleDir: string;
let script: string;
beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'sink-file-crash-writer-'));
  script = await bundleScript(SCRIPT, { outDir: bundleDir });
});
afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sink-file-recover-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Run the crash writer in a child process that dies without closing its sink. */
function crash(target: string, gzip: boolean, tear: boolean, extra: string[] = []): void {
  execFileSync(process.execPath, [script, target, gzip ? '1' : '0', tear ? '1' : '0', ...extra], {
    stdio: 'pipe',
    env: { ...process.env, CRASH_EVENTS: MANY },
  });
}

/** A Stratus detonation with 56 real events, so that runs can split them. */
const MANY = 'aws.execution.ssm-send-command';
const many = () => stratusEvents(MANY);

const visible = (files: string[]) => files.filter((f) => !f.split('/').at(-1)!.startsWith('.'));

describe('recoverTempFiles', () => {
  for (const gzip of [false, true]) {
    for (const tear of [false, true]) {
      it(`finishes a dead run's temp file at once (gzip=${gzip}, torn tail=${tear})`, async () => {
        crash(dir, gzip, tear);
        const left = listFiles(dir);
        expect(left.filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
        expect(left.filter((f) => f.endsWith('.lock'))).toHaveLength(1);
        const temp = left.find((f) => f.endsWith('.tmp'))!;
        // the writer's process is gone (its lock says so): no age guard applies
        const recovered = await recoverTempFiles(dir);
        expect(recovered).toHaveLength(1);
        expect(listFiles(dir)).toEqual([temp.slice(1, -'.tmp'.length)]);
        // everything the crashed sink had accepted survives; the torn write does not
        expect(readNdjson(recovered[0]!)).toEqual(many());
      });
    }
  }

  it("never touches a live sink's temp file, whatever its age", async () => {
    const sink = fileSink({ dir });
    await sink.write(stratusEvents(), ctx);
    expect(await recoverTempFiles(dir, { olderThanMs: 0 })).toEqual([]);
    expect(listFiles(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    await sink.close!();
    expect(readNdjson(join(dir, listFiles(dir)[0]!))).toEqual(stratusEvents());
  });

  it('applies the age guard to temp files whose owner is unknown (no lock)', async () => {
    const temp = join(dir, '.trailkit-20260101T000000000Z-0123abcd-0000.ndjson.gz.tmp');
    writeFileSync(temp, gzipSync('{"a":1}\n'));
    expect(await recoverTempFiles(dir)).toEqual([]);
    utimesSync(temp, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(await recoverTempFiles(dir)).toEqual([
      join(dir, 'trailkit-20260101T000000000Z-0123abcd-0000.ndjson.gz'),
    ]);
  });

  it('never recovers through a symbolic link named like a temp file', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sink-file-outside-'));
    try {
      writeFileSync(join(outside, 'victim'), 'keep me');
      const link = join(dir, '.trailkit-20260101T000000000Z-0123abcd-0000.ndjson.tmp');
      symlinkSync(join(outside, 'victim'), link);
      utimesSync(join(outside, 'victim'), new Date(0), new Date(0));
      expect(await recoverTempFiles(dir, { olderThanMs: 0 })).toEqual([]);
      expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('keep me');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('fileSink recovers earlier runs on its own', () => {
  const stratusEvents = many;
  for (const gzip of [false, true]) {
    it(`dir mode: the next sink finishes a crashed run's file before writing (gzip=${gzip})`, async () => {
      const events = stratusEvents();
      crash(dir, gzip, true);
      const sink = fileSink({ dir, gzip });
      await sink.write(events.slice(0, 3), ctx);
      await sink.close!();
      const files = listFiles(dir);
      expect(files).toEqual(visible(files));
      expect(files).toHaveLength(2);
      const all = files.flatMap((f) => readNdjson(join(dir, f)));
      expect(all).toHaveLength(events.length + 3);
      expect(sink.files()).toHaveLength(2);
    });

    it(`dir mode: a sink that writes nothing still finishes a crashed run's file (gzip=${gzip})`, async () => {
      crash(dir, gzip, true);
      const sink = fileSink({ dir, gzip });
      await sink.close!();
      const files = listFiles(dir);
      expect(files).toHaveLength(1);
      expect(readNdjson(join(dir, files[0]!))).toEqual(many());
    });

    it(`path mode with append: a resumed run continues a crashed run's file (gzip=${gzip}, torn tail)`, async () => {
      const events = stratusEvents();
      const path = join(dir, gzip ? 'events.ndjson.gz' : 'events.ndjson');
      crash(path, gzip, true, ['path', '1', '0', '4']);
      crash(path, gzip, true, ['path', '1', '4', '3']);
      const sink = fileSink({ path, gzip, append: true });
      await sink.write(events.slice(7), ctx);
      await sink.close!();
      expect(listFiles(dir)).toEqual([gzip ? 'events.ndjson.gz' : 'events.ndjson']);
      expect(readNdjson(path)).toEqual(events);
    });

    it(`path mode with append: adds to the finished file of an earlier run (gzip=${gzip})`, async () => {
      const events = stratusEvents();
      const path = join(dir, 'out', gzip ? 'events.ndjson.gz' : 'events.ndjson');
      const first = fileSink({ path, gzip });
      await first.write(events.slice(0, 5), ctx);
      await first.close!();
      const second = fileSink({ path, gzip, append: true });
      await second.write(events.slice(5), ctx);
      // readers still see the earlier finished file until close
      expect(readNdjson(path)).toEqual(events.slice(0, 5));
      await second.close!();
      expect(readNdjson(path)).toEqual(events);
    });
  }

  it("path mode without append: a new run replaces the file and drops a dead run's leftovers", async () => {
    const events = stratusEvents();
    const path = join(dir, 'events.ndjson');
    crash(path, false, true, ['path', '0']);
    const sink = fileSink({ path });
    await sink.write(events.slice(0, 2), ctx);
    await sink.close!();
    expect(listFiles(dir)).toEqual(['events.ndjson']);
    expect(readNdjson(path)).toEqual(events.slice(0, 2));
  });
});
