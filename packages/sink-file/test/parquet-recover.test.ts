/**
 * Parquet and crashes: a writer killed before its files were finished leaves journals (and maybe a
 * half-encoded Parquet file); the next sink, or `recoverTempFiles`, encodes each journal's complete lines
 * into a complete Parquet file and discards the half-encoded one. A Parquet file is never visible half made.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../core/test/temp-dir';
import { fileSink, recoverTempFiles } from '../src/index';
import { listFiles, stratusEvents } from './helpers';
import { readParquetRows } from './read-parquet';

const script = fileURLToPath(new URL('./scripts/crash-writer.ts', import.meta.url));
const ctx = { signal: new AbortController().signal };
/** A Stratus detonation with 56 real events. */
const MANY = 'aws.execution.ssm-send-command';
const many = () => stratusEvents(MANY);

/** Run the crash writer (Parquet) in a child process that dies without closing its sink. */
function crash(target: string, tear: boolean, extra: string[] = []): void {
  execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, target, '0', tear ? '1' : '0', ...extra],
    { stdio: 'pipe', env: { ...process.env, CRASH_EVENTS: MANY, CRASH_FORMAT: 'parquet' } },
  );
}

const hidden = (files: string[]) => files.filter((f) => f.split('/').at(-1)?.startsWith('.'));

describe('Parquet crash recovery', () => {
  for (const tear of [false, true]) {
    it(`encodes a dead writer's journal, discarding its half-encoded file (torn tail=${tear})`, async () => {
      const dir = await tempDir('trailkit-parquet-recover-');
      crash(dir, tear);
      const left = listFiles(dir);
      const journal = left.find((f) => f.endsWith('.parquet.rows.tmp')) as string;
      expect(journal).toBeDefined();
      expect(left.filter((f) => f.endsWith('.parquet'))).toEqual([]); // nothing visible yet
      // as if it had died while encoding: a half-written Parquet temp file beside the journal
      const encoding = journal.replace(/\.rows\.tmp$/, '.tmp');
      writeFileSync(join(dir, encoding), Buffer.from('PAR1 half a row group'));
      const recovered = await recoverTempFiles(dir);
      const final = journal.slice(1, -'.rows.tmp'.length);
      expect(recovered).toEqual([join(dir, final)]);
      expect(listFiles(dir)).toEqual([final]);
      const rows = await readParquetRows(recovered);
      // every write the crashed sink accepted survives; the torn one does not
      expect(rows.map((r) => r.eventID)).toEqual(many().map((e) => e.eventID));
    });
  }

  it('the next sink recovers before writing; a renamed file whose journal was left is kept once', async () => {
    const dir = await tempDir('trailkit-parquet-recover-');
    crash(dir, false);
    const journal = listFiles(dir).find((f) => f.endsWith('.rows.tmp')) as string;
    const final = journal.slice(1, -'.rows.tmp'.length);
    // as if it had died between the rename and removing the journal: the final file already exists
    const lock = listFiles(dir).find((f) => f.endsWith('.lock')) as string;
    const saved = await tempDir('trailkit-parquet-saved-');
    copyFileSync(join(dir, journal), join(saved, 'journal'));
    copyFileSync(join(dir, lock), join(saved, 'lock'));
    expect(await recoverTempFiles(dir)).toEqual([join(dir, final)]);
    const encoded = readFileSync(join(dir, final));
    copyFileSync(join(saved, 'journal'), join(dir, journal));
    copyFileSync(join(saved, 'lock'), join(dir, lock));

    const sink = fileSink({ dir, format: 'parquet' });
    await sink.write(many().slice(0, 3), ctx);
    await sink.close?.();
    // the left journal's owner is dead: the journal is dropped, the final file is kept as it was
    expect(readFileSync(join(dir, final)).equals(encoded)).toBe(true);
    const files = listFiles(dir);
    expect(hidden(files)).toEqual([]);
    const parquet = files.filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f));
    expect(parquet).toHaveLength(2);
    const rows = await readParquetRows(parquet);
    expect(rows.map((r) => r.eventID).sort()).toEqual(
      [...many(), ...many().slice(0, 3)].map((e) => e.eventID).sort(),
    );
  });

  it('path mode: a new run replaces the file and drops what a dead run left', async () => {
    const dir = await tempDir('trailkit-parquet-recover-');
    const path = join(dir, 'events.parquet');
    crash(path, true, ['path']);
    expect(hidden(listFiles(dir)).some((f) => f.endsWith('.tmp'))).toBe(true);
    const sink = fileSink({ path, format: 'parquet' });
    await sink.write(many().slice(0, 7), ctx);
    await sink.close?.();
    expect(listFiles(dir)).toEqual(['events.parquet']);
    const rows = await readParquetRows([path]);
    expect(rows.map((r) => r.eventID)).toEqual(
      many()
        .slice(0, 7)
        .map((e) => e.eventID),
    );
  });

  it('refuses gzip and append with format parquet, naming the option', () => {
    const dir = '/tmp/never-written';
    expect(() => fileSink({ dir, format: 'parquet', gzip: true })).toThrow(ConfigError);
    expect(() => fileSink({ dir, format: 'parquet', gzip: true })).toThrow(/gzip/);
    expect(() => fileSink({ path: `${dir}/x.parquet`, format: 'parquet', append: true })).toThrow(
      /append is not possible with format parquet/,
    );
  });
});
