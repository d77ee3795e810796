import { type AuditReport, postureFromTemplate, runAudit } from '@trailkit/audit';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BestPracticeTrail, type BestPracticeTrailProps } from '../src/best-practice-trail';

/** Checks a template cannot answer: they need a deployed account (delivery, AWS Config, the organization). */
const NEEDS_AN_ACCOUNT = new Set([
  'cis-3.5',
  'trailkit-logging',
  'trailkit-delivery-errors',
  'trailkit-organization',
]);

function synth(props: BestPracticeTrailProps = { organizationTrail: true }): Record<string, unknown> {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Trail', {
    env: { account: '111111111111', region: 'us-east-1' },
  });
  new BestPracticeTrail(stack, 'Audit', props);
  return Template.fromStack(stack).toJSON();
}

const byStatus = (report: AuditReport, status: string) =>
  report.results.filter((r) => r.status === status).map((r) => `${r.check} ${r.resource}: ${r.evidence}`);

describe('BestPracticeTrail', () => {
  const template = synth();

  it('passes every check of trailkit audit that a template can answer', () => {
    const report = runAudit([postureFromTemplate(template)]);
    expect(byStatus(report, 'fail')).toEqual([]);
    expect(byStatus(report, 'error')).toEqual([]);
    const passed = new Set(report.results.filter((r) => r.status === 'pass').map((r) => r.check));
    for (const check of report.checks) {
      if (!NEEDS_AN_ACCOUNT.has(check)) expect(passed, check).toContain(check);
    }
    const trail = postureFromTemplate(template).trails[0];
    expect(trail?.organizationTrail).toBe(true);
    expect(trail?.insights).toEqual(['ApiCallRateInsight', 'ApiErrorRateInsight']);
  });

  it('turns Insights off with insights: false, and then fails trailkit-insights only', () => {
    const report = runAudit([postureFromTemplate(synth({ organizationTrail: true, insights: false }))]);
    expect(byStatus(report, 'fail')).toEqual(['trailkit-insights template: no trail has insight selectors']);
  });

  it('fails the checks when the template is weakened (the test can fail)', () => {
    const weak = structuredClone(template) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    for (const r of Object.values(weak.Resources)) {
      if (r.Type === 'AWS::KMS::Key') r.Properties.EnableKeyRotation = false;
      if (r.Type === 'AWS::CloudTrail::Trail') r.Properties.EnableLogFileValidation = false;
      if (r.Type === 'AWS::S3::Bucket') delete r.Properties.PublicAccessBlockConfiguration;
    }
    const report = runAudit([postureFromTemplate(weak)]);
    const failed = new Set(report.results.filter((r) => r.status === 'fail').map((r) => r.check));
    expect([...failed].sort()).toEqual(['cis-3.2', 'cis-3.8']);
  });
});
