import { describe, expect, it } from 'vitest';
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
});
