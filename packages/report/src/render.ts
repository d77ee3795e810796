/** One entry point for the three formats. */
import type { ReportModel } from './model';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';

/** Output formats of a report. */
export const REPORT_FORMATS = ['html', 'md', 'json'] as const;

/** An output format of a report. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Render `model` in `format`. */
export function renderReport(model: ReportModel, format: ReportFormat): string {
  if (format === 'html') return renderHtml(model);
  if (format === 'md') return renderMarkdown(model);
  return renderJson(model);
}

/** The format a file name implies (`.html`/`.htm`, `.md`/`.markdown`, `.json`), or undefined. */
export function formatForPath(path: string): ReportFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'md';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}
