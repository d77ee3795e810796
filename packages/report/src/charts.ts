/**
 * Static SVG charts, rendered in Node at build time with Observable Plot on a server-side DOM (linkedom):
 * the report needs no script, no font and no network request to show them.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ActivityBucket, TopTable } from './model';

/** A series of a chart, with its colour (the legend is drawn by the page, as HTML). */
export interface ChartSeries {
  name: string;
  color: string;
}

/** One stacked bar per time bucket. */
export interface TimeChartInput {
  buckets: readonly ActivityBucket[];
  bucketMs: number;
  series: readonly ChartSeries[];
  /** The value of `series` in `bucket`. */
  value: (bucket: ActivityBucket, series: string) => number;
  label: string;
}

const WIDTH = 760;
/** Class of the `g` of the marks that draw data (not axes or the zero line). */
export const DATA_MARK = 'data-mark';

/** A fresh server-side document for one chart (Plot's `document` option; typed as the DOM's). */
function dom(): never {
  return parseHTML('<!doctype html><html><body></body></html>').document as never;
}

/** The chart's markup. */
function serialize(node: unknown): string {
  return (node as { outerHTML: string }).outerHTML;
}

/**
 * Stacked bars over time, one bar per bucket, drawn as thick rules so that a bar stays visible (at least
 * 1.5 px) however many buckets the range has.
 */
export function timeChart(input: TimeChartInput): string {
  const n = Math.max(1, input.buckets.length);
  const strokeWidth = Math.min(30, Math.max(1.5, ((WIDTH - 70) / n) * 0.8));
  const rows: { x: Date; y1: number; y2: number; series: string }[] = [];
  for (const b of input.buckets) {
    const x = new Date(Date.parse(b.start) + input.bucketMs / 2);
    let y = 0;
    for (const s of input.series) {
      const v = input.value(b, s.name);
      if (v > 0) rows.push({ x, y1: y, y2: y + v, series: s.name });
      y += v;
    }
  }
  const first = Date.parse(input.buckets[0]?.start ?? '1970-01-01T00:00:00Z');
  const last = Date.parse(input.buckets[input.buckets.length - 1]?.start ?? '1970-01-01T00:00:00Z');
  const svg = Plot.plot({
    document: dom(),
    width: WIDTH,
    height: 220,
    marginLeft: 50,
    style: { fontFamily: 'sans-serif', fontSize: '11px', background: 'transparent' },
    x: { type: 'utc', label: null, domain: [new Date(first), new Date(last + input.bucketMs)] },
    y: { grid: true, label: input.label, zero: true },
    color: { domain: input.series.map((s) => s.name), range: input.series.map((s) => s.color) },
    marks: [
      Plot.ruleX(rows, { x: 'x', y1: 'y1', y2: 'y2', stroke: 'series', strokeWidth, className: DATA_MARK }),
      Plot.ruleY([0]),
    ],
  });
  return serialize(svg);
}

/** Horizontal bars of a top table. */
export function topChart(table: TopTable, color: string, label: string): string {
  const rows = table.rows.map((r) => ({ key: shorten(r.key), count: r.count }));
  const svg = Plot.plot({
    document: dom(),
    width: WIDTH,
    height: 30 + rows.length * 22,
    marginLeft: 260,
    style: { fontFamily: 'sans-serif', fontSize: '11px', background: 'transparent' },
    x: { grid: true, label },
    y: { label: null, domain: rows.map((r) => r.key) },
    marks: [Plot.barX(rows, { y: 'key', x: 'count', fill: color, className: DATA_MARK }), Plot.ruleX([0])],
  });
  return serialize(svg);
}

function shorten(s: string): string {
  return s.length > 44 ? `…${s.slice(-43)}` : s;
}
