import { describe, expect, it } from 'vitest';
import { samplePosture, sampleReport } from '../test/helpers';
import { reportAggregator } from './aggregator';
import { escapeCell, renderMarkdown } from './render-markdown';

/** The rows of the Markdown table under `heading` (up to the next heading), as cells. */
function tableUnder(md: string, heading: string): string[][] {
  const start = md.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = md.slice(start + heading.length + 1);
  const end = rest.search(/\n#{1,3} /);
  return (end < 0 ? rest : rest.slice(0, end))
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => c.trim()),
    );
}

describe('renderMarkdown', () => {
  it('shows the numbers of the model of the samples', async () => {
    const { model, summary } = await sampleReport();
    const md = renderMarkdown(model);
    expect(md.startsWith('# CloudTrail audit report\n')).toBe(true);
    expect(md).toContain(`${summary.events.read.toLocaleString('en-US')} events`);
    expect(md).toContain(`high ${summary.findings.bySeverity.high}`);
    const cis = tableUnder(md, '## CIS monitoring controls (CIS AWS Foundations Benchmark v1.4.0)');
    expect(cis).toHaveLength(15);
    for (const c of model.cis.controls) {
      const row = cis.find((r) => r[0] === c.control);
      expect(row?.[3], c.control).toBe(c.matches.toLocaleString('en-US'));
    }
    const activity = tableUnder(md, '## Activity over time');
    const total = activity.reduce((n, r) => n + Number((r[1] as string).replace(/,/g, '')), 0);
    expect(total).toBe(summary.events.read);
    const rules = tableUnder(md, '## Findings');
    expect(rules.reduce((n, r) => n + Number((r[3] as string).replace(/,/g, '')), 0)).toBe(
      summary.findings.total,
    );
    const principals = tableUnder(md, '### Top principals');
    expect(principals[0]?.[1]).toBe(model.top.principals.rows[0]?.count.toLocaleString('en-US'));
  });

  it('escapes cells so that a hostile value cannot break a table or inject markup', () => {
    const r = reportAggregator();
    r.addEvent({
      eventVersion: '1.08',
      eventTime: '2026-11-01T00:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      awsRegion: 'us-east-1',
      userAgent: 'evil | <img src=x onerror=alert(1)>\n# heading',
    } as never);
    const md = renderMarkdown(r.toModel());
    const line = md.split('\n').find((l) => l.includes('evil'));
    expect(line).toBe('| evil \\| \\<img src=x onerror=alert(1)\\> # heading | 1 |');
    expect(escapeCell('a`b*c_d')).toBe('a\\`b\\*c\\_d');
  });

  it('says so when there is nothing to report', () => {
    const md = renderMarkdown(reportAggregator({ cis: false }).toModel());
    expect(md).toContain('No event with a time');
    expect(md).toContain('No finding.');
    expect(md).not.toContain('CIS monitoring');
  });

  it('renders the posture section: a table by check in CIS order, one table per account', () => {
    const md = renderMarkdown(reportAggregator().toModel({ posture: samplePosture() }));
    expect(md).toContain(
      '## Trail set-up (posture)\n\n6 checks over 3 account(s): 8 pass, 7 fail, 1 not applicable, 1 error.',
    );
    const byCheck = tableUnder(md, '### By check');
    expect(byCheck.map((r) => r[0])).toEqual([
      'CIS 3.1',
      'CIS 3.3',
      'CIS 3.5',
      'CIS 3.10',
      '`trailkit-logging`',
      '`trailkit-organization`',
    ]);
    expect(byCheck[1]?.slice(2)).toEqual(['critical', '1', '1', '0', '1']);
    const member = tableUnder(md, '### Account 333333333333');
    expect(member.map((r) => `${r[0]} ${r[1]}`)).toEqual([
      'CIS 3.1 **fail**',
      'CIS 3.3 **fail**',
      'CIS 3.10 **fail**',
      '`trailkit-logging` **fail**',
    ]);
    expect(member[1]?.[4]).toBe(
      'policy statement \\<img src=x onerror=alert(1)\\> \\| allows Principal "\\*" without a condition',
    );
    const management = tableUnder(md, '### Account 111111111111');
    expect(management.filter((r) => r[0] === 'CIS 3.5').map((r) => `${r[1]} ${r[2]}`)).toEqual([
      '**fail** eu-west-1',
      'pass us-east-1',
    ]);
    expect(renderMarkdown(reportAggregator().toModel())).not.toContain('posture');
  });
});
