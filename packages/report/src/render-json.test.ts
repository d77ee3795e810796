import { describe, expect, it } from 'vitest';
import { sampleReport } from '../test/helpers';
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
});
