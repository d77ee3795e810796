import type { TrailEvent } from '@trailkit/core';
import { COLUMN_BY_NAME, type FieldType } from './cloudtrail-columns';
import { RowMappingError } from './errors';
import { type CellValue, parseCell } from './struct-text';

const PARTITION_COLUMNS = new Set(['account', 'region', 'timestamp']);

/**
 * Turn one result row of the CloudTrail table back into a CloudTrail record: lower-case columns become
 * camelCase fields (`useridentity` → `userIdentity`, `eventid` → `eventID`, ...), struct cells are parsed
 * into objects with camelCase fields, JSON-string columns (`requestparameters`, ...) are parsed, `readonly`
 * becomes a boolean, NULL cells and NULL struct fields are left out, partition columns are dropped and
 * unknown columns are kept under their own name.
 *
 * @throws RowMappingError when a JSON-string or struct cell is malformed.
 */
export function rowToEvent(columns: readonly string[], cells: ReadonlyArray<string | undefined>): TrailEvent {
  const event: Record<string, unknown> = {};
  for (const [index, name] of columns.entries()) {
    const cell = cells[index];
    if (cell === undefined) continue;
    const column = COLUMN_BY_NAME.get(name);
    if (!column) {
      if (!PARTITION_COLUMNS.has(name)) event[name] = cell;
      continue;
    }
    const value = convert(name, cell, column.type);
    if (value !== undefined) event[column.field] = value;
  }
  return event as TrailEvent;
}

function convert(name: string, cell: string, type: FieldType): unknown {
  switch (type.kind) {
    case 'string':
      return cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    case 'json':
      try {
        return JSON.parse(cell);
      } catch (error) {
        throw new RowMappingError(name, 'not valid JSON', { cause: error });
      }
    default: {
      let parsed: CellValue;
      try {
        parsed = parseCell(cell, type);
      } catch (error) {
        throw new RowMappingError(name, error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }
      return camel(parsed, type);
    }
  }
}

/** Struct fields to camelCase, NULL fields left out (a struct whose fields are all NULL stays `{}`). */
function camel(value: CellValue, type: FieldType): unknown {
  if (value === null) return undefined;
  if (type.kind === 'struct' && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const field of type.fields) {
      const item = camel(value[field.column] ?? null, field.type);
      if (item !== undefined) out[field.field] = item;
    }
    return out;
  }
  if (type.kind === 'array' && Array.isArray(value))
    return value.map((item) => camel(item, type.element) ?? null);
  if (type.kind === 'map' && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = item;
    return out;
  }
  if (type.kind === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
