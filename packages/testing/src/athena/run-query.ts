import {
  CLOUDTRAIL_COLUMNS,
  PARTITION_COLUMNS,
  type Row,
  type RowValue,
  columnType,
  renderValue,
  typeName,
} from './cloudtrail-table';
import { SqlSemanticError, evaluate, keeps } from './sql-evaluator';
import type { SqlLiteral, SqlSelect } from './sql-parser';

/** A finished query's result: column names and types, and each row's rendered cells. */
export interface QueryResult {
  columns: Array<{ name: string; type: string }>;
  rows: Array<Array<string | undefined>>;
  scannedBytes: number;
}

/** Run a parsed SELECT over rows: filter, order, limit, project and render like Athena. */
export function runQuery(
  select: SqlSelect,
  rows: readonly Row[],
  params: readonly SqlLiteral[],
): QueryResult {
  let scannedBytes = 0;
  let kept: Row[] = [];
  for (const row of rows) {
    scannedBytes += JSON.stringify(row).length;
    if (keeps(select, row, params)) kept.push(row);
  }
  if (select.orderBy.length > 0) {
    const keys = new Map(kept.map((row) => [row, select.orderBy.map((o) => evaluate(o.expr, row, params))]));
    kept.sort((a, b) => {
      for (const [i, o] of select.orderBy.entries()) {
        const x = keys.get(a)?.[i] ?? null;
        const y = keys.get(b)?.[i] ?? null;
        // NULLs sort last in both directions, as in Trino's default.
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        const order = x < y ? -1 : 1;
        return o.descending ? -order : order;
      }
      return 0;
    });
  }
  if (select.limit !== undefined) kept = kept.slice(0, select.limit);
  if (select.columns === '*') {
    const names = [...CLOUDTRAIL_COLUMNS.map(([name]) => name), ...PARTITION_COLUMNS];
    return {
      columns: names.map((name) => ({ name, type: typeName(columnType(name) ?? { kind: 'string' }) })),
      rows: kept.map((row) => names.map((name) => renderValue(row[name] ?? null))),
      scannedBytes,
    };
  }
  const projections = select.columns;
  return {
    columns: projections.map(({ expr, name }) => {
      const type =
        expr.kind === 'column' && expr.path.length === 1 ? columnType(expr.path[0] as string) : undefined;
      return { name, type: type ? typeName(type) : 'varchar' };
    }),
    rows: kept.map((row) =>
      projections.map(({ expr }) => {
        const value = evaluate(expr, row, params);
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        if (value !== null && typeof value === 'object' && !Array.isArray(value) && expr.kind !== 'column') {
          throw new SqlSemanticError('unsupported projection');
        }
        return renderValue(value as RowValue);
      }),
    ),
    scannedBytes,
  };
}
