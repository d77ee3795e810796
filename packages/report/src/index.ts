/**
 * @trailkit/report: audit reports from CloudTrail events and findings. A bounded-memory aggregate
 * (`reportAggregator`, `buildReport`) builds a plain-JSON model (`ReportModel`), rendered to one
 * self-contained HTML file with static SVG charts (`renderHtml`), Markdown (`renderMarkdown`) or JSON
 * (`renderJson`).
 * @packageDocumentation
 */
export { reportAggregator, isAccessDenied, type ReportAggregator, type ReportContext } from './aggregator';
export { buildReport } from './build-report';
export { REPORT_OPTIONS_SCHEMA, type ReportOptions, type ResolvedReportOptions } from './options';
export {
  summarizeReport,
  type ActivityBucket,
  type CisControlRow,
  type FindingEvidence,
  type IntegritySummary,
  type ReportModel,
  type ReportSummary,
  type RuleRow,
  type SilentPeriod,
  type TopRow,
  type TopTable,
} from './model';
export {
  POSTURE_STATUSES,
  type PostureCheckRow,
  type PostureResult,
  type PostureSection,
  type PostureStatus,
  type PostureSummary,
  postureSection,
} from './posture';
export { renderHtml, escapeHtml } from './render-html';
export { renderMarkdown, escapeCell } from './render-markdown';
export { renderJson } from './render-json';
export { renderReport, formatForPath, REPORT_FORMATS, type ReportFormat } from './render';
export { SpaceSaving, type SpaceSavingEntry } from './space-saving';
