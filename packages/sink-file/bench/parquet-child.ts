/**
 * One measurement of `bench/parquet.ts`: write `events` real CloudTrail events (resampled from the bundled
 * fixtures) with one writer, then print `{ ms, bytes, maxRssBytes }` as JSON. Every Parquet candidate writes
 * the same columns (`EVENT_PARQUET_COLUMNS`: typed scalars, `userIdentity`/`tlsDetails` structs, JSON text).
 * Third-party candidates are loaded from `<installs>/<candidate>/node_modules` (installed by the runner).
 *
 *   node --conditions=source --import tsx bench/parquet-child.ts <candidate> <installs> <events> <out>
 */
import { createRequire } from 'node:module';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TrailEvent } from '@trailkit/core';
import { writeParquetFile } from '../src/encode-parquet';
import { allRealEvents } from '../test/real-events';
import { fileSink } from '../src/index';
import { EVENT_PARQUET_COLUMNS, eventRow, type ParquetColumn, type ParquetRow } from '../src/parquet-schema';

const [candidate = 'ndjson', installs = '', count = '50000', out = 'out.bin'] = process.argv.slice(2);
const N = Number(count);
/** `N` events cycling through the fixtures, each with a distinct eventID. */
function resample(source: TrailEvent[]): TrailEvent[] {
  return Array.from({ length: N }, (_, i) => {
    const e = source[i % source.length] as TrailEvent;
    return { ...e, eventID: `${e.eventID ?? 'x'}-${i}` };
  });
}

const moduleOf = async (name: string): Promise<Record<string, unknown>> => {
  const require = createRequire(join(installs, candidate, 'package.json'));
  const resolved = require.resolve(name);
  return (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
};

type Writer = (events: TrailEvent[], rows: () => ParquetRow[]) => Promise<void>;

const duckType = (c: ParquetColumn): string =>
  c.kind === 'timestamp'
    ? 'TIMESTAMPTZ'
    : c.kind === 'boolean'
      ? 'BOOLEAN'
      : c.kind === 'struct'
        ? `STRUCT(${(c.fields ?? []).map((f) => `"${f.name}" VARCHAR`).join(', ')})`
        : 'VARCHAR';

const WRITERS: Record<string, Writer> = {
  /** Baseline: the events as NDJSON, one `writeFile`. */
  ndjson: async (events) => {
    let text = '';
    for (const e of events) text += `${JSON.stringify(e)}\n`;
    writeFileSync(out, text);
  },
  'hyparquet-writer': async (_events, rows) => {
    await writeParquetFile(out, EVENT_PARQUET_COLUMNS, rows(), false);
  },
  /** DuckDB: rows as NDJSON, then `COPY (SELECT ... FROM read_json(...)) TO ... (FORMAT parquet)`. */
  '@duckdb/node-api': async (_events, rows) => {
    const { DuckDBInstance } = (await moduleOf(
      '@duckdb/node-api',
    )) as unknown as typeof import('@duckdb/node-api');
    const tmp = `${out}.ndjson`;
    let text = '';
    for (const r of rows()) text += `${JSON.stringify(r)}\n`;
    writeFileSync(tmp, text);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const columns = EVENT_PARQUET_COLUMNS.map((col) => `"${col.name}": '${duckType(col)}'`).join(', ');
    await c.run(
      `COPY (SELECT * FROM read_json('${tmp}', format = 'newline_delimited', columns = {${columns}})) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    c.closeSync();
  },
  /** parquet-wasm: rows to an Arrow table (apache-arrow), to Arrow IPC, to Parquet in WebAssembly. */
  'parquet-wasm': async (_events, rows) => {
    // installed by the runner only (no types here)
    const arrow = (await moduleOf('apache-arrow')) as Record<string, any>;
    const pw = (await moduleOf('parquet-wasm')) as Record<string, any>;
    const all = rows();
    const typeOf = (c: ParquetColumn): unknown =>
      c.kind === 'timestamp'
        ? new arrow.TimestampMillisecond('UTC')
        : c.kind === 'boolean'
          ? new arrow.Bool()
          : c.kind === 'struct'
            ? new arrow.Struct((c.fields ?? []).map((f) => new arrow.Field(f.name, new arrow.Utf8(), true)))
            : new arrow.Utf8();
    const vectors: Record<string, unknown> = {};
    for (const c of EVENT_PARQUET_COLUMNS) {
      const values = all.map((r) => {
        const v = r[c.name];
        return v instanceof Date ? v.getTime() : v;
      });
      vectors[c.name] = arrow.vectorFromArray(values, typeOf(c));
    }
    const table = new arrow.Table(vectors);
    const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
    const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
    writeFileSync(out, pw.writeParquet(wasmTable, props));
  },
  /** The sink itself: journal writes in batches of 500, then one Parquet file at close (hyparquet-writer). */
  'fileSink-parquet': async (events) => {
    const dir = `${out}.d`;
    rmSync(dir, { recursive: true, force: true });
    const sink = fileSink({ dir, format: 'parquet' });
    const ctx = { signal: new AbortController().signal };
    for (let i = 0; i < events.length; i += 500) await sink.write(events.slice(i, i + 500), ctx);
    await sink.close?.();
    renameSync(sink.files()[0] as string, out);
    rmSync(dir, { recursive: true, force: true });
  },
  '@dsnp/parquetjs': (_events, rows) => parquetjs('@dsnp/parquetjs', rows),
  'parquetjs-lite': (_events, rows) => parquetjs('parquetjs-lite', rows),
};

/** The parquetjs family: a schema object, then `appendRow` per row. */
async function parquetjs(name: string, rows: () => ParquetRow[]): Promise<void> {
  const mod = (await moduleOf(name)) as Record<string, any>;
  const lib = (mod.default ?? mod) as Record<string, any>;
  const field = (c: ParquetColumn): Record<string, unknown> =>
    c.kind === 'timestamp'
      ? { type: 'TIMESTAMP_MILLIS', optional: true }
      : c.kind === 'boolean'
        ? { type: 'BOOLEAN', optional: true }
        : c.kind === 'struct'
          ? { optional: true, fields: Object.fromEntries((c.fields ?? []).map((f) => [f.name, field(f)])) }
          : { type: 'UTF8', optional: true, compression: 'SNAPPY' };
  const schema = new lib.ParquetSchema(
    Object.fromEntries(EVENT_PARQUET_COLUMNS.map((c) => [c.name, field(c)])),
  );
  const writer = await lib.ParquetWriter.openFile(schema, out);
  const strip = (r: ParquetRow): ParquetRow => {
    const o: ParquetRow = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null) continue;
      o[k] = v && typeof v === 'object' && !(v instanceof Date) ? strip(v as ParquetRow) : v;
    }
    return o;
  };
  for (const r of rows()) await writer.appendRow(strip(r));
  await writer.close();
}

const write = WRITERS[candidate];
if (!write) throw new Error(`unknown candidate ${candidate}`);
const events = resample(allRealEvents());
const started = performance.now();
await write(events, () => events.map(eventRow));
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({ ms, bytes: statSync(out).size, maxRssBytes: process.resourceUsage().maxRSS * 1024 }),
);
