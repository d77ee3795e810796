/** The report as GitHub-flavoured Markdown, for a pull request or a ticket (tables, no charts). */
import { SEVERITIES } from '@trailkit/core';
import { bucketTime, num, time, topNote } from './format';
import type { ReportModel, TopTable } from './model';
import { POSTURE_STATUSES, type PostureSection } from './posture';

/** Escape a table cell: pipes, backslashes, line breaks, and Markdown/HTML markup. */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([`*_[\]<>])/g, '\\$1');
}

const c = escapeCell;

function table(headers: string[], rows: string[][]): string {
  const numeric = headers.map((h) => h.startsWith('#'));
  const head = `| ${headers.map((h) => h.replace(/^#/, '')).join(' | ')} |`;
  const rule = `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function top(title: string, t: TopTable): string {
  if (t.rows.length === 0) return `### ${title}\n\nNone.\n`;
  const exact = t.maxError === 0;
  const headers = exact ? ['value', '#count'] : ['value', '#count', '#±'];
  const rows = t.rows.map((r) =>
    exact ? [c(r.key), num(r.count)] : [c(r.key), num(r.count), num(Math.ceil(r.error))],
  );
  return `### ${title}\n\n${table(headers, rows)}\n\n_${topNote(t)}_\n`;
}

/** Render `model` as Markdown. */
export function renderMarkdown(model: ReportModel): string {
  const m = model;
  const s = m.scope;
  const a = m.activity;
  const f = m.findings;
  const out: string[] = [];
  out.push(`# ${c(m.title)}\n`);
  out.push(
    `${s.firstEvent ? `${time(s.firstEvent)} to ${time(s.lastEvent)}` : 'No event with a time'} · ` +
      `${num(s.events)} events · ${num(f.total)} findings ` +
      `(${[...SEVERITIES]
        .reverse()
        .map((sev) => `${sev} ${num(f.bySeverity[sev])}`)
        .join(', ')})\n`,
  );

  out.push('## Scope\n');
  const scopeRows: string[][] = [
    ['inputs', s.inputs.map((i) => c(i)).join(', ') || '—'],
    ...Object.entries(s.filters).map(([k, v]) => [c(k), c(v)]),
    ['first event', time(s.firstEvent)],
    ['last event', time(s.lastEvent)],
    ['accounts', s.accounts.rows.map((r) => `${c(r.key)} (${num(r.count)})`).join(', ') || '—'],
    ['regions', s.regions.rows.map((r) => `${c(r.key)} (${num(r.count)})`).join(', ') || '—'],
    ['events', num(s.events)],
    ['events without a time', num(s.eventsWithoutTime)],
  ];
  if (s.objects !== undefined) scopeRows.push(['objects read', num(s.objects)]);
  if (s.invalid) scopeRows.push(['invalid records', num(s.invalid.total)]);
  out.push(`${table(['', 'value'], scopeRows)}\n`);

  out.push(`## Activity over time\n`);
  out.push(
    `${num(a.read)} read-only, ${num(a.write)} write, ${num(a.errors)} failed (${num(a.accessDenied)} access denied); per ${a.bucket} (buckets without events left out):\n`,
  );
  out.push(
    `${table(
      [a.bucket, '#events', '#read', '#write', '#errors', '#access denied'],
      a.buckets
        .filter((b) => b.events > 0)
        .map((b) => [
          bucketTime(b.start, a.bucketMs),
          num(b.events),
          num(b.read),
          num(b.write),
          num(b.errors),
          num(b.accessDenied),
        ]),
    )}\n`,
  );

  out.push('## Silent periods\n');
  const sp = m.silentPeriods;
  out.push(
    sp.periods.length === 0
      ? `No silent period (${num(sp.regularPairs)} regular account-region pair(s) of ${num(sp.pairsTracked)}).\n`
      : `${table(
          ['account', 'region', 'from', 'until', '#hours'],
          sp.periods.map((p) => [c(p.account), c(p.region), time(p.from), time(p.until), num(p.hours)]),
        )}\n`,
  );

  out.push('## Errors and access denied\n');
  out.push(top('Errors by code', m.errors.byCode));
  out.push(top('Errors by principal', m.errors.byPrincipal));
  out.push(top('Access denied by principal', m.errors.accessDeniedByPrincipal));

  out.push('## Who and what\n');
  out.push(top('Top principals', m.top.principals));
  out.push(top('Top APIs', m.top.apis));
  out.push(top('Top services', m.top.services));
  out.push(top('Top regions', m.top.regions));
  out.push(top('Top source IPs', m.top.sourceIPs));
  out.push(top('Top user agents', m.top.userAgents));
  out.push(top('Top resources', m.top.resources));

  out.push('## Console sign-ins and root activity\n');
  const si = m.signIns;
  out.push(
    `${table(
      ['', '#count'],
      [
        ['console sign-ins', num(si.total)],
        ['successful, with MFA', num(si.successWithMfa)],
        ['successful, without MFA', num(si.successWithoutMfa)],
        ['failed', num(si.failures)],
        ['root events', num(m.root.events)],
      ],
    )}\n`,
  );
  out.push(top('Sign-ins without MFA by user', si.withoutMfaByUser));
  out.push(top('Failed sign-ins by user', si.failuresByUser));
  out.push(top('Root: APIs', m.root.apis));

  out.push('## Findings\n');
  if (f.total === 0) out.push('No finding.\n');
  else {
    out.push(
      `${table(
        ['rule', 'title', 'severity', '#findings', 'first seen', 'last seen'],
        f.byRule.map((r) => [
          `\`${r.ruleId.replace(/`/g, "'")}\``,
          c(r.title),
          r.severity,
          num(r.count),
          time(r.firstSeen),
          time(r.lastSeen),
        ]),
      )}\n`,
    );
    out.push('### Evidence\n');
    out.push(
      `${table(
        ['time', 'severity', 'rule', 'what happened', 'source IP', 'event ids'],
        f.evidence.map((x) => [
          time(x.time),
          x.severity,
          c(x.ruleId),
          c(x.summary),
          c(x.sourceIPAddress ?? '—'),
          x.eventIds.map((id) => c(id)).join(', '),
        ]),
      )}\n`,
    );
    if (f.evidenceDropped) out.push(`_${num(f.evidenceDropped)} less severe finding(s) not listed._\n`);
  }

  if (m.cis.controls.length > 0) {
    out.push(`## CIS monitoring controls (CIS AWS Foundations Benchmark v${m.cis.benchmarkVersion})\n`);
    out.push(
      `${table(
        ['control', 'title', 'severity', '#matches', 'first seen', 'last seen'],
        m.cis.controls.map((x) => [
          x.control,
          c(x.title),
          x.severity,
          num(x.matches),
          time(x.firstSeen),
          time(x.lastSeen),
        ]),
      )}\n`,
    );
  }

  if (m.posture) out.push(posture(m.posture));

  if (m.integrity) {
    const i = m.integrity;
    out.push('## Integrity\n');
    out.push(
      `${table(
        ['', '#count'],
        [
          ['digest files', num(i.digests)],
          ['log files valid', num(i.validFiles)],
          ['log files missing or modified', num(i.invalidFiles)],
          ['chain gaps', num(i.gaps)],
        ],
      )}\n`,
    );
    for (const p of (i.problems ?? []).slice(0, 50)) out.push(`- ${c(p)}`);
  }
  return `${out.join('\n')}\n`;
}

const STATUS_LABEL = { pass: 'pass', fail: '**fail**', 'not-applicable': 'n.a.', error: '*error*' } as const;

function checkLabel(x: { check: string; cis?: string }): string {
  return x.cis ? `CIS ${c(x.cis)}` : `\`${x.check.replace(/`/g, "'")}\``;
}

/** The posture section: one table by check, then one per account (region, resource, evidence). */
function posture(p: PostureSection): string {
  const out: string[] = ['## Trail set-up (posture)\n'];
  const n = p.counts;
  out.push(
    `${num(p.checks.length)} checks over ${num(p.accounts.length)} account(s): ${num(n.pass)} pass, ${num(n.fail)} fail, ${num(n['not-applicable'])} not applicable, ${num(n.error)} error.\n`,
  );
  out.push('### By check\n');
  out.push(
    `${table(
      ['check', 'what it checks', 'severity', '#pass', '#fail', '#n.a.', '#error'],
      p.checks.map((x) => [
        checkLabel(x),
        c(x.title),
        x.severity,
        ...POSTURE_STATUSES.map((s) => num(x.counts[s])),
      ]),
    )}\n`,
  );
  for (const account of p.accounts) {
    out.push(`### Account ${c(account)}\n`);
    out.push(
      `${table(
        ['check', 'result', 'region', 'resource', 'evidence'],
        p.results
          .filter((r) => r.account === account)
          .map((r) => [
            checkLabel(r),
            STATUS_LABEL[r.status],
            c(r.region ?? '—'),
            c(r.resource),
            c(r.evidence),
          ]),
      )}\n`,
    );
  }
  if (p.calls) {
    out.push(
      `_API calls made to read the set-up: ${Object.entries(p.calls)
        .map(([op, k]) => `${c(op)} ${num(k)}`)
        .join(', ')}._\n`,
    );
  }
  return out.join('\n');
}
