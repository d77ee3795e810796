/** Plain-text tables: columns padded to their widest cell, cells cut to a maximum width and to the terminal's. */

/** A column: its header and how wide its cells may get. */
export interface Column {
  header: string;
  max: number;
  /** Narrowest the column gets when the table is fitted to a terminal (default: its header, at least 6). */
  min?: number;
}

/** Cut a cell to `max` characters (with `…`), and flatten control characters so a row stays one line. */
export function cell(value: unknown, max: number): string {
  const text = value === undefined || value === null || value === '' ? '-' : String(value);
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > max ? `${flat.slice(0, Math.max(1, max - 1))}…` : flat;
}

/**
 * How wide a table may get: a number fits it to that many characters (a terminal), `'wide'` shows every
 * cell whole (`--wide`), `undefined` cuts cells at their column's `max` only.
 */
export type TableWidth = number | 'wide' | undefined;

/**
 * Render rows under headers, two spaces between columns. `style(columnIndex, text, row)` may colour a cell
 * (after padding, so colours do not break alignment).
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly string[][],
  style?: (column: number, text: string, row: number) => string,
  width?: TableWidth,
): string {
  const cap = (c: Column) => (width === 'wide' ? Number.POSITIVE_INFINITY : c.max);
  const natural = rows.map((r) => columns.map((c, i) => cell(r[i], cap(c))));
  const maxes = fitWidths(
    columns.map((c, i) => Math.max(c.header.length, ...natural.map((r) => (r[i] ?? '').length))),
    columns.map((c) => c.min ?? c.header.length),
    width === 'wide' ? undefined : width,
  );
  const cells = natural.map((r) => r.map((v, i) => cell(v, maxes[i] ?? v.length)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[], row: number) =>
    values
      .map((v, i) => {
        const padded = i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0);
        return style && row >= 0 ? style(i, padded, row) : padded;
      })
      .join('  ')
      .trimEnd();
  return (
    [
      line(
        columns.map((c) => c.header),
        -1,
      ),
      ...cells.map((r, row) => line(r, row)),
    ].join('\n') + '\n'
  );
}

/**
 * Column widths that fit `width` characters (two spaces between columns): the widest column is cut first,
 * one character at a time, never below its header (or 6). Without `width`, the widths as they are.
 */
export function fitWidths(widths: readonly number[], headers: readonly number[], width?: number): number[] {
  const out = [...widths];
  if (width === undefined) return out;
  const total = () => out.reduce((a, b) => a + b, 0) + 2 * (out.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < out.length; i++) {
      const floor = Math.max(headers[i] ?? 0, 6);
      if ((out[i] ?? 0) > floor && (widest === -1 || (out[i] ?? 0) > (out[widest] ?? 0))) widest = i;
    }
    if (widest === -1) break;
    out[widest] = (out[widest] ?? 0) - 1;
  }
  return out;
}
