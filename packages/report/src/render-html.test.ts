import { describe, expect, it } from 'vitest';
import { samplePosture } from '../test/helpers';
import { reportAggregator } from './aggregator';
import { escapeHtml, renderHtml } from './render-html';

describe('renderHtml', () => {
  it('escapes every value from the events: no markup gets in', () => {
    const r = reportAggregator();
    r.addEvent({
      eventVersion: '1.08',
      eventTime: '2026-11-01T00:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      awsRegion: 'us-east-1"><script>alert(1)</script>',
      userAgent: '<img src=x onerror=alert(1)>',
    } as never);
    const html = renderHtml(r.toModel());
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('us-east-1&quot;&gt;&lt;script&gt;');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('renders an empty report without charts, and one chart per section with data', () => {
    const empty = renderHtml(reportAggregator().toModel());
    expect(empty).toContain('No event with a time.');
    expect(empty).not.toContain('<figure');
    const r = reportAggregator();
    r.addEvent({ eventVersion: '1.08', eventTime: '2026-11-01T00:00:00Z', readOnly: true } as never);
    const one = renderHtml(r.toModel());
    expect(one.match(/<figure class="chart" id="chart-activity"/g)).toHaveLength(1);
    expect(one).toContain('<svg');
    expect(one).not.toContain('id="chart-errors"');
  });

  it('renders the posture section: counts, checks by CIS number, one table per account, evidence escaped', () => {
    expect(renderHtml(reportAggregator().toModel())).not.toContain('id="posture"');
    const html = renderHtml(reportAggregator().toModel({ posture: samplePosture() }));
    const section = html.slice(
      html.indexOf('<section id="posture">'),
      html.indexOf('</section>', html.indexOf('<section id="posture">')),
    );
    expect(section).toContain('<span data-metric="posture-pass">8</span> pass');
    expect(section).toContain('<span data-metric="posture-fail">7</span> fail');
    expect(section).toContain('<span data-metric="posture-not-applicable">1</span> not applicable');
    expect(section).toContain('<span data-metric="posture-error">1</span> error');
    expect(section).toContain('<span data-metric="posture-checks">6</span> checks');
    const order = [...section.matchAll(/data-check="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'cis-3.1',
      'cis-3.3',
      'cis-3.5',
      'cis-3.10',
      'trailkit-logging',
      'trailkit-organization',
    ]);
    const accounts = [...section.matchAll(/<h3 id="posture-(\d+)">/g)].map((m) => m[1]);
    expect(accounts).toEqual(['111111111111', '222222222222', '333333333333']);
    // the row of the public bucket: its result, and the hostile evidence as text
    expect(section).toContain(
      '<td><span class="nw">CIS 3.3</span></td><td><span class="nw bad">fail</span></td><td><span class="nw">—</span></td><td><span class="k">member-logs</span></td><td>policy statement &lt;img src=x onerror=alert(1)&gt; | allows',
    );
    expect(section).not.toMatch(/<img/);
    expect(section).toContain('<td><span class="nw err">error</span></td>');
    expect(section).toContain('DescribeTrails 6');
  });
});
