/** `trailkit audit --format json` (against the local servers) into `trailkit report --posture`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport } from '@trailkit/audit';
import type { PostureSummary } from '@trailkit/report';
import type { BucketConfigServer, CloudTrailServer, ConfigServer, KmsServer } from '@trailkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PostureServers, startPostureServers } from './posture-servers';
import { tempDir } from '../../core/test/temp-dir';
import { run, SAMPLES } from './helpers';

const ACCOUNT = '111111111111';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1`;

let ct: CloudTrailServer;
let kms: KmsServer;
let config: ConfigServer;
let s3: BucketConfigServer;
let env: Record<string, string>;

let servers: PostureServers;

beforeEach(async () => {
  servers = await startPostureServers();
  ({ ct, kms, config, s3 } = servers);
  // a trail with logging stopped, writing to a bucket made public; Config on in us-east-1 only
  ct.putTrails([
    {
      Name: 'main',
      account: ACCOUNT,
      S3BucketName: 'trail-logs',
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      KmsKeyId: KEY,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
      status: { IsLogging: false },
    },
  ]);
  kms.putKey({ keyId: 'k1', account: ACCOUNT, rotation: true });
  config.putRecorder({ region: 'us-east-1' });
  s3.putBucket('trail-logs', {
    policy: {
      Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }],
    },
    versioning: 'Enabled',
  });
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDTRAILKITTEST',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_ACCOUNT_ID: ACCOUNT,
    ...servers.endpoints,
  };
});
afterEach(async () => {
  await servers.stop();
});

describe('trailkit report --posture', () => {
  it('reads what trailkit audit --format json wrote, and shows it in JSON, Markdown and HTML', async () => {
    const dir = await tempDir('trailkit-cli-posture-');
    const audit = await run(['audit', '--region', 'us-east-1,eu-west-1', '--format', 'json'], env);
    expect(audit.code).toBe(1);
    const file = join(dir, 'audit.json');
    writeFileSync(file, audit.stdout);
    const auditReport = JSON.parse(audit.stdout) as AuditReport;
    // the audit's report is the report's posture input as it is
    const asInput: PostureSummary = auditReport;
    expect(auditReport.results.find((r) => r.check === 'cis-3.3')?.status).toBe('fail');

    const json = await run(['report', SAMPLES, '--format', 'json', '--posture', file]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const posture = JSON.parse(json.stdout).posture;
    expect(posture.counts).toEqual(auditReport.counts);
    expect(posture.accounts).toEqual([ACCOUNT]);
    expect(posture.results).toHaveLength(asInput.results.length);
    expect(posture.results).toEqual(expect.arrayContaining(asInput.results));
    expect(posture.calls).toEqual(auditReport.calls);
    expect(posture.checks.map((c: { check: string }) => c.check).slice(0, 3)).toEqual([
      'cis-3.1',
      'cis-3.2',
      'cis-3.3',
    ]);
    const config = posture.results.filter((r: { check: string }) => r.check === 'cis-3.5');
    expect(config.map((r: { region: string; status: string }) => `${r.region} ${r.status}`)).toEqual([
      'eu-west-1 fail',
      'us-east-1 pass',
    ]);

    const md = join(dir, 'report.md');
    expect((await run(['report', SAMPLES, '--posture', file, '--out', md])).code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain(
      `## Trail set-up (posture)\n\n${auditReport.checks.length} checks over 1 account(s): ${auditReport.counts.pass} pass, ${auditReport.counts.fail} fail,`,
    );
    expect(text).toMatch(/\| `trailkit-logging` \| \*\*fail\*\* \| us-east-1 \| .* \| IsLogging=false \|/);
    expect(text).toContain('policy statement Public allows Principal "\\*" without a condition');

    const html = join(dir, 'report.html');
    expect((await run(['report', SAMPLES, '--posture', file, '--out', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section id="posture">');
    expect(page).toContain(`<span data-metric="posture-fail">${auditReport.counts.fail}</span>`);
    expect(page).toContain(`<h3 id="posture-${ACCOUNT}">Account ${ACCOUNT}</h3>`);

    // --fail-on counts failed checks too (no --rules needed): exit 1 at the worst failure's severity
    const order = ['info', 'low', 'medium', 'high', 'critical'];
    const worst = Math.max(
      ...auditReport.results.filter((r) => r.status === 'fail').map((r) => order.indexOf(r.severity)),
    );
    expect(worst).toBeGreaterThanOrEqual(0);
    const failOn = (severity: string) =>
      run(['report', SAMPLES, '--format', 'md', '--posture', file, '--fail-on', severity]);
    expect((await failOn(order[worst] as string)).code).toBe(1);
    if (worst < order.length - 1) expect((await failOn(order[worst + 1] as string)).code).toBe(0);
    expect((await run(['report', SAMPLES, '--format', 'md', '--fail-on', 'high'])).code).toBe(2);
  });

  it('exits 2 on a file that is not an audit report', async () => {
    const dir = await tempDir('trailkit-cli-posture-');
    const verifyOutput = join(dir, 'verify.json');
    writeFileSync(verifyOutput, JSON.stringify({ digests: { valid: 1, total: 1 } }));
    const r = await run(['report', SAMPLES, '--format', 'md', '--posture', verifyOutput]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no results array');
    const badStatus = join(dir, 'bad.json');
    const result = {
      check: 'cis-3.1',
      title: 't',
      severity: 'high',
      account: 'a',
      resource: 'r',
      evidence: 'e',
    };
    writeFileSync(badStatus, JSON.stringify({ results: [{ ...result, status: 'maybe' }] }));
    const s = await run(['report', SAMPLES, '--format', 'md', '--posture', badStatus]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('results[0].status must be one of pass, fail, not-applicable, error');
    expect((await run(['report', SAMPLES, '--format', 'md', '--posture', join(dir, 'none.json')])).code).toBe(
      2,
    );
  });
});
