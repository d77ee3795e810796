/** What `trailkit scan` prints: findings and event tables, the summary line, the JSON document. */
import { styleText } from 'node:util';
import {
  eventTimeText,
  type Finding,
  type RunSummary,
  SEVERITIES,
  type Severity,
  type TrailEvent,
} from '@trailkit/core';
import { renderTable } from './table';

/** Severity rank, highest first for sorting. */
const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Findings sorted by severity (highest first), then time (oldest first), then rule id. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      a.time.localeCompare(b.time) ||
      a.rule.id.localeCompare(b.rule.id),
  );
}

/** `arn:aws:iam::123:user/alice` → `alice (123)`; `assumed-role/R/session` → `R/session (123)`. */
export function shortPrincipal(principal: string | undefined): string {
  if (!principal) return '-';
  const arn = /^arn:aws[\w-]*:(?:iam|sts)::(\d+):(.+)$/.exec(principal);
  if (!arn) return principal;
  const [, account, resource = ''] = arn;
  const name = resource.replace(/^(user|role|assumed-role|federated-user)\//, '');
  return `${resource === 'root' ? 'root' : name} (${account})`;
}

/** `iam.amazonaws.com:CreateUser` → `iam:CreateUser`. */
export function shortAction(action: string | undefined): string {
  return action ? action.replace('.amazonaws.com:', ':') : '-';
}

function eventPrincipal(e: TrailEvent): string | undefined {
  const id = e.userIdentity;
  if (!id) return undefined;
  return id.arn ?? ([id.type, id.userName ?? id.invokedBy].filter(Boolean).join(':') || undefined);
}

/** Text colouring, or none. */
export type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

/** Colours on a terminal unless `NO_COLOR` is set. */
export function painter(enabled: boolean): Paint {
  return enabled ? (style, text) => styleText(style, text) : (_style, text) => text;
}

const SEVERITY_STYLE: Record<Severity, Parameters<typeof styleText>[0]> = {
  critical: ['bold', 'red'],
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

/** The findings table (at most `maxRows` rows, then an "N more" line). */
export function findingsTable(findings: readonly Finding[], maxRows: number, paint: Paint): string {
  if (findings.length === 0) return 'No findings.\n';
  const sorted = sortFindings(findings);
  const shown = sorted.slice(0, maxRows);
  const rows = shown.map((f) => [
    f.severity.toUpperCase(),
    f.rule.id,
    attackText(f.rule.attack),
    shortPrincipal(f.principal),
    shortAction(f.action),
    f.time,
    [f.region, f.sourceIPAddress].filter(Boolean).join(' from ') || '-',
  ]);
  const table = renderTable(
    [
      { header: 'SEVERITY', max: 8 },
      { header: 'RULE', max: 48 },
      { header: 'ATT&CK', max: 24 },
      { header: 'WHO', max: 40 },
      { header: 'WHAT', max: 44 },
      { header: 'WHEN', max: 24 },
      { header: 'WHERE', max: 48 },
    ],
    rows,
    (column, text, row) => (column === 0 ? paint(SEVERITY_STYLE[shown[row]!.severity], text) : text),
  );
  const hidden = sorted.length - shown.length;
  return table + more(hidden, 'findings') + (hidden > 0 ? `\n${rulesTable(sorted, paint)}` : '');
}

/** ATT&CK techniques as one cell (`T1562.008 T1078`), else the tactics, else `-`. */
export function attackText(
  attack: { techniques: readonly string[]; tactics: readonly string[] } | undefined,
): string {
  if (!attack) return '-';
  if (attack.techniques.length > 0) return attack.techniques.join(' ');
  return attack.tactics.length > 0 ? attack.tactics.join(' ') : '-';
}

/** Findings per rule (severity, rule, count, title), highest severity and count first. */
export function rulesTable(findings: readonly Finding[], paint: Paint): string {
  const byRule = new Map<string, { finding: Finding; count: number }>();
  for (const f of findings) {
    const entry = byRule.get(f.rule.id);
    if (entry) entry.count++;
    else byRule.set(f.rule.id, { finding: f, count: 1 });
  }
  const rows = [...byRule.values()].sort(
    (a, b) => rank(b.finding.severity) - rank(a.finding.severity) || b.count - a.count,
  );
  return renderTable(
    [
      { header: 'SEVERITY', max: 8 },
      { header: 'RULE', max: 48 },
      { header: 'COUNT', max: 8 },
      { header: 'ATT&CK', max: 24 },
      { header: 'TITLE', max: 80 },
    ],
    rows.map((r) => [
      r.finding.severity.toUpperCase(),
      r.finding.rule.id,
      String(r.count),
      attackText(r.finding.rule.attack),
      r.finding.rule.title,
    ]),
    (column, text, row) => (column === 0 ? paint(SEVERITY_STYLE[rows[row]!.finding.severity], text) : text),
  );
}

/** The compact events table (at most `maxRows`, then "N more"). */
export function eventsTable(events: readonly TrailEvent[], total: number, maxRows: number): string {
  if (total === 0) return 'No events.\n';
  const shown = events.slice(0, maxRows);
  const rows = shown.map((e) => [
    eventTimeText(e) ?? '-',
    `${(e.eventSource ?? '?').replace('.amazonaws.com', '')}:${e.eventName ?? '?'}`,
    shortPrincipal(eventPrincipal(e)),
    e.awsRegion ?? '-',
    e.sourceIPAddress ?? '-',
    e.errorCode ?? '',
  ]);
  const table = renderTable(
    [
      { header: 'TIME', max: 24 },
      { header: 'SOURCE:NAME', max: 48 },
      { header: 'WHO', max: 40 },
      { header: 'REGION', max: 16 },
      { header: 'IP', max: 40 },
      { header: 'ERROR', max: 32 },
    ],
    rows,
  );
  return table + more(total - shown.length, 'events');
}

function more(count: number, what: string): string {
  return count > 0 ? `… ${count} more ${what} (use --format ndjson or --out to get them all)\n` : '';
}

/** The one-line run summary: objects, events read/passed/invalid, findings by severity. */
export function summaryLine(summary: RunSummary, withFindings: boolean, paint: Paint): string {
  const parts = [
    `${plural(summary.objects, 'object')}`,
    `${summary.events.read} events read`,
    `${summary.events.passed} passed`,
    `${summary.events.invalid} invalid`,
  ];
  if (summary.events.duplicates > 0) parts.push(`${summary.events.duplicates} duplicates`);
  let line = parts.join(', ');
  if (withFindings) {
    const bySeverity = [...SEVERITIES]
      .reverse()
      .filter((s) => summary.findings.bySeverity[s] > 0)
      .map((s) => paint(SEVERITY_STYLE[s], `${summary.findings.bySeverity[s]} ${s}`));
    line += ` | ${plural(summary.findings.total, 'finding')}${bySeverity.length > 0 ? `: ${bySeverity.join(', ')}` : ''}`;
  }
  if (summary.aborted) line += ' | interrupted: input not finished';
  return `${line}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
