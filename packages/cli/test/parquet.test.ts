/**
 * `trailkit scan --out events.parquet` and `--out dir/ --format parquet`: what the extension (or --format)
 * says is written, read back with DuckDB and compared with the events the scan reads.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../core/test/temp-dir';
import { run, SAMPLES, STRATUS, sampleRecords, stratusRecords } from './helpers';

/** eventID, epoch ms of eventTime, eventName and userIdentity.arn of every row of the Parquet files. */
async function readBack(
  glob: string,
): Promise<{ id: string; ms: number; name: string; arn: string | null }[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT eventID AS id, epoch_ms(eventTime)::DOUBLE AS ms, eventName AS name, userIdentity.arn AS arn FROM read_parquet('${glob}')`,
    );
    return reader.getRowObjectsJson() as { id: string; ms: number; name: string; arn: string | null }[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const parquetUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();

describe('scan --out as Parquet', () => {
  it('--out events.parquet writes one Parquet file holding every event; the terminal shows the table', async () => {
    const dir = await tempDir('trailkit-cli-parquet-');
    const out = join(dir, 'events.parquet');
    const result = await run(['scan', STRATUS, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/events read/);
    expect(readdirSync(dir)).toEqual(['events.parquet']);
    const rows = await readBack(out);
    const events = stratusRecords();
    expect(rows.map((r) => r.id).sort()).toEqual(events.map((e) => e.eventID).sort());
    const byId = new Map(events.map((e) => [e.eventID, e]));
    for (const row of rows) {
      const e = byId.get(row.id);
      expect(row.ms).toBe(Date.parse(e?.eventTime as string));
      expect(row.name).toBe(e?.eventName);
      expect(row.arn ?? undefined).toBe(e?.userIdentity?.arn);
    }
  });

  it('--out dir/ --format parquet writes account/region/date partitions of Parquet files', async () => {
    const dir = await tempDir('trailkit-cli-parquet-');
    const out = join(dir, 'out');
    const result = await run(['scan', join(SAMPLES, 'AWSLogs'), '--out', `${out}/`, '--format', 'parquet']);
    expect(result.code, result.stderr).toBe(0);
    const files = parquetUnder(out);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(/^\d{12}\/us-east-1\/2023\/07\/10\/trailkit-[^/]+\.parquet$/);
    const accounts = new Set(sampleRecords().map((e) => e.recipientAccountId));
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(accounts);
    const rows = await readBack(join(out, '**/*.parquet'));
    expect(rows.map((r) => r.id).sort()).toEqual(
      sampleRecords()
        .map((e) => e.eventID)
        .sort(),
    );
  });

  it('refuses what it cannot write as Parquet: exit 2 with the reason', async () => {
    const dir = await tempDir('trailkit-cli-parquet-');
    const cases: [string[], string][] = [
      [['--format', 'parquet'], '--format parquet needs --out'],
      [['--out', join(dir, 'e.parquet'), '--gzip'], '--gzip does not apply to Parquet'],
      [['--out', join(dir, 'd'), '--format', 'parquet', '--gzip'], '--gzip does not apply to Parquet'],
      [['--out', join(dir, 'e.ndjson'), '--format', 'parquet'], 'writes a .parquet file or a directory'],
    ];
    for (const [args, message] of cases) {
      const result = await run(['scan', STRATUS, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a resumed run into a .parquet file is refused (exit 2); into a directory it resumes', async () => {
    const dir = await tempDir('trailkit-cli-parquet-');
    const checkpoint = join(dir, 'ck.json');
    const out = join(dir, 'events.parquet');
    expect((await run(['scan', STRATUS, '--out', out, '--checkpoint', checkpoint])).code).toBe(0);
    const again = await run(['scan', STRATUS, '--out', out, '--checkpoint', checkpoint]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('a resumed run cannot add to a Parquet file');
    expect((await readBack(out)).length).toBe(stratusRecords().length);
    const outDir = join(dir, 'out');
    const ck2 = join(dir, 'ck2.json');
    for (let i = 0; i < 2; i++) {
      const r = await run(['scan', STRATUS, '--out', `${outDir}/`, '-f', 'parquet', '--checkpoint', ck2]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await readBack(join(outDir, '**/*.parquet'))).length).toBe(stratusRecords().length);
  });
});
