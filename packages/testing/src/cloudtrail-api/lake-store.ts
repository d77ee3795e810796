/**
 * CloudTrail Lake queries over records held in memory: the statement's `FROM <event data store id>` names a
 * loaded store, the rest runs in the Athena server's SQL subset over rows whose columns are the record's
 * (case-insensitive, as in Lake), with `eventTime` as Lake shows it (`YYYY-MM-DD HH:MM:SS.000`).
 */
import { type Row, recordToRow, renderValue } from '../athena/cloudtrail-table';
import { evaluate, keeps } from '../athena/sql-evaluator';
import { parseSelect, SqlSyntaxError } from '../athena/sql-parser';
import type { RowValue } from '../athena/cloudtrail-table';

/** `eventTime` as Lake stores and renders it. */
export function lakeTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}${(m[3] ?? '.000').padEnd(4, '0').slice(0, 4)}` : iso;
}

/** A row of a Lake event data store. */
export function lakeRow(record: Record<string, unknown>): Row {
  const row = recordToRow(record);
  if (typeof row.eventtime === 'string') row.eventtime = lakeTime(row.eventtime);
  return row;
}

const FROM = /\bFROM\s+([A-Za-z0-9][A-Za-z0-9._:/-]*)/i;

/** Run a Lake statement: result rows as `GetQueryResults` returns them (one `{column: value}` per cell). */
export function runLakeQuery(
  statement: string,
  stores: ReadonlyMap<string, readonly Row[]>,
): { rows: Array<Array<Record<string, string>>>; scanned: number } | { error: string } {
  const from = FROM.exec(statement);
  if (!from) return { error: 'Query must have a FROM clause naming an event data store' };
  const named = from[1] as string;
  const id = named.slice(named.lastIndexOf('/') + 1);
  const rows = stores.get(id);
  if (!rows) return { error: `EventDataStore ${named} does not exist` };
  let select: ReturnType<typeof parseSelect>;
  try {
    select = parseSelect(statement.replace(FROM, 'FROM lake_store'));
  } catch (error) {
    if (error instanceof SqlSyntaxError) return { error: error.message };
    throw error;
  }
  if (select.columns === '*')
    return { error: 'SELECT * is not supported by this local server: name the columns' };
  let kept: Row[];
  try {
    kept = rows.filter((row) => keeps(select, row, []));
    if (select.orderBy.length > 0) {
      const key = (row: Row) => select.orderBy.map((o) => evaluate(o.expr, row, []));
      const keys = new Map(kept.map((row) => [row, key(row)]));
      kept.sort((a, b) => {
        for (const [i, o] of select.orderBy.entries()) {
          const x = keys.get(a)?.[i] ?? null;
          const y = keys.get(b)?.[i] ?? null;
          if (x === y) continue;
          if (x === null) return 1;
          if (y === null) return -1;
          return (x < y ? -1 : 1) * (o.descending ? -1 : 1);
        }
        return 0;
      });
    }
    if (select.limit !== undefined) kept = kept.slice(0, select.limit);
    const columns = select.columns;
    return {
      scanned: rows.length,
      rows: kept.map((row) =>
        columns.flatMap(({ expr, name }) => {
          const value = evaluate(expr, row, []);
          const text =
            typeof value === 'number' || typeof value === 'boolean'
              ? String(value)
              : renderValue(value as RowValue);
          return text === undefined ? [] : [{ [name]: text }];
        }),
      ),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
