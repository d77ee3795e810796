import { describe, expect, it } from 'vitest';
import { samplePosture, sampleReport } from '../test/helpers';
import { reportAggregator } from './aggregator';
import { summarizeReport } from './model';
import { renderJson } from './render-json';

describe('renderJson', () => {
  it('round-trips the model, and the summary matches the run', async () => {
    const { model, summary } = await sampleReport();
    const text = renderJson(model);
    expect(text.endsWith('}\n')).toBe(true);
    const back = JSON.parse(text);
    expect(back).toEqual(model);
    expect(back.version).toBe(1);
    const s = summarizeReport(back);
    expect(s.events).toBe(summary.events.read);
    expect(s.findings).toBe(summary.findings.total);
    expect(s.findingsBySeverity).toEqual(summary.findings.bySeverity);
    expect(Object.keys(s.cisMatches)).toHaveLength(15);
  });

  it('is bounded by the options, not by the input', async () => {
    const small = await sampleReport({ topK: 3, maxEvidence: 5 });
    expect(small.model.top.userAgents.rows).toHaveLength(3);
    expect(small.model.findings.evidence).toHaveLength(5);
    expect(small.model.findings.evidenceDropped).toBe(small.summary.findings.total - 5);
    const big = await sampleReport();
    expect(renderJson(small.model).length).toBeLessThan(renderJson(big.model).length);
  });

  it('keeps the posture section, and its counts are in the summary', () => {
    const input = samplePosture();
    const back = JSON.parse(renderJson(reportAggregator().toModel({ posture: input })));
    expect(back.posture.results).toHaveLength(input.results.length);
    expect(back.posture.results).toEqual(expect.arrayContaining(input.results));
    expect(back.posture.checks.map((c: { check: string }) => c.check).slice(0, 4)).toEqual([
      'cis-3.1',
      'cis-3.3',
      'cis-3.5',
      'cis-3.10',
    ]);
    expect(summarizeReport(back).posture).toEqual({ pass: 8, fail: 7, 'not-applicable': 1, error: 1 });
    expect(summarizeReport(reportAggregator().toModel()).posture).toBeUndefined();
  });
});
