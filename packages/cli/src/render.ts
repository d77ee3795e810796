/** What `trailkit scan` prints: findings and event tables, the summary line, the JSON document. */
import { styleText } from 'node:util';
import { type Finding, type RunSummary, SEVERITIES, type Severity, type TrailEvent } from '@trailkit/core';
import type { EventRow } from './event-rows';
import { renderTable, type TableWidth } from './table';

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

/**
 * Who made the call, for the WHO column: the ARN, else `type:userName` (or the invoking service); an
 * `IdentityCenterUser` (no ARN, no user name) by its Identity Center user id.
 */
export function eventPrincipal(e: TrailEvent | undefined): string | undefined {
  const id = e?.userIdentity;
  if (!id) return undefined;
  if (id.arn) return id.arn;
  if (id.type === 'IdentityCenterUser' && !id.userName) {
    const user = id.onBehalfOf?.userId ?? id.principalId;
    return user ? `IdentityCenterUser:${user}` : 'IdentityCenterUser';
  }
  return [id.type, id.userName ?? id.invokedBy].filter(Boolean).join(':') || id.principalId || undefined;
}

/** The WHO of a finding: its principal, unless that is a bare type its last event says more about. */
function findingPrincipal(f: Finding): string | undefined {
  const fromEvent = eventPrincipal(f.events?.[f.events.length - 1]);
  if (!f.principal) return fromEvent;
  return !f.principal.includes(':') && fromEvent ? fromEvent : f.principal;
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

/**
 * The findings table: identical rows (same rule, who, what, when, where) grouped into one with a COUNT
 * column; at most `maxRows` rows, then an "N more" line. `width` fits the table to a terminal.
 */
export function findingsTable(
  findings: readonly Finding[],
  maxRows: number,
  paint: Paint,
  width?: TableWidth,
): string {
  if (findings.length === 0) return 'No findings.\n';
  const sorted = sortFindings(findings);
  const groups = new Map<string, { finding: Finding; cells: string[]; count: number }>();
  for (const f of sorted) {
    const cells = [
      f.severity.toUpperCase(),
      f.rule.id,
      attackText(f.rule.attack),
      shortPrincipal(findingPrincipal(f)),
      shortAction(f.action),
      f.time,
      [f.region, f.sourceIPAddress].filter(Boolean).join(' from ') || '-',
    ];
    const key = cells.join('\u0000');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { finding: f, cells, count: 1 });
  }
  const all = [...groups.values()];
  const shown = all.slice(0, maxRows);
  const counted = all.some((g) => g.count > 1);
  const columns = [
    { header: 'SEVERITY', max: 8 },
    { header: 'RULE', max: 48 },
    { header: 'ATT&CK', max: 24 },
    { header: 'WHO', max: 40 },
    { header: 'WHAT', max: 44 },
    { header: 'WHEN', max: 24, min: 20 },
    { header: 'WHERE', max: 48 },
  ];
  const table = renderTable(
    counted ? [...columns, { header: 'COUNT', max: 8 }] : columns,
    shown.map((g) => (counted ? [...g.cells, String(g.count)] : g.cells)),
    (column, text, row) => (column === 0 ? paint(SEVERITY_STYLE[shown[row]!.finding.severity], text) : text),
    width,
  );
  const hidden = all.slice(shown.length).reduce((n, g) => n + g.count, 0);
  return table + more(hidden, 'finding') + (hidden > 0 ? `\n${rulesTable(sorted, paint, width)}` : '');
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
export function rulesTable(findings: readonly Finding[], paint: Paint, width?: TableWidth): string {
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
    width,
  );
}

/**
 * The compact events table: rows as {@link eventRowsSink} grouped them (a COUNT column when some row stands
 * for several identical events), then "N more" for the events in no row. `width` fits it to a terminal.
 */
export function eventsTable(rows: readonly EventRow[], total: number, width?: TableWidth): string {
  if (total === 0) return 'No events.\n';
  const counted = rows.some((r) => r.count > 1);
  const columns = [
    { header: 'TIME', max: 24, min: 20 },
    { header: 'SOURCE:NAME', max: 48 },
    { header: 'WHO', max: 40 },
    { header: 'REGION', max: 16 },
    { header: 'IP', max: 40 },
    { header: 'ERROR', max: 32 },
  ];
  const table = renderTable(
    counted ? [...columns, { header: 'COUNT', max: 8 }] : columns,
    rows.map((r) => (counted ? [...r.cells, String(r.count)] : r.cells)),
    undefined,
    width,
  );
  const shown = rows.reduce((n, r) => n + r.count, 0);
  return table + more(total - shown, 'event');
}

function more(count: number, what: 'event' | 'finding'): string {
  return count > 0
    ? `… ${count} more ${what}${count === 1 ? '' : 's'} (use --format ndjson or --out to get them all)\n`
    : '';
}

/**
 * The one-line run summary: objects, events read/passed/invalid, findings by severity; and, for a run
 * resumed from a checkpoint, that it was (`resumedFrom`: the checkpoint file).
 */
export function summaryLine(
  summary: RunSummary,
  withFindings: boolean,
  paint: Paint,
  resumedFrom?: string,
): string {
  const parts = [
    `${plural(summary.objects, 'object')}`,
    `${plural(summary.events.read, 'event')} read`,
    `${summary.events.passed} passed`,
    `${summary.events.invalid} invalid`,
  ];
  if (summary.events.duplicates > 0) parts.push(plural(summary.events.duplicates, 'duplicate'));
  let line = parts.join(', ');
  if (withFindings) {
    const bySeverity = [...SEVERITIES]
      .reverse()
      .filter((s) => summary.findings.bySeverity[s] > 0)
      .map((s) => paint(SEVERITY_STYLE[s], `${summary.findings.bySeverity[s]} ${s}`));
    line += ` | ${plural(summary.findings.total, 'finding')}${bySeverity.length > 0 ? `: ${bySeverity.join(', ')}` : ''}`;
  }
  if (resumedFrom !== undefined)
    line += ` | resumed from ${resumedFrom}${summary.objects === 0 && summary.events.read === 0 ? ': nothing new' : ''}`;
  if (summary.aborted) line += ' | interrupted: input not finished';
  return `${line}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
