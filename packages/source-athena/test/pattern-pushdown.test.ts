import { pattern } from '@trailkit/core';
import { athenaSource, buildQuery } from '@trailkit/source-athena';
import { type AthenaServer, readSource, startAthenaServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invictusRecords, stratusRecords } from './fixtures';

const records = [...invictusRecords(), ...stratusRecords()];

// The CIS AWS Foundations monitoring filter patterns, plus patterns that exercise the superset path.
const PATTERNS: Array<[string, boolean]> = [
  [
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    false,
  ],
  ['{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }', true],
  ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }', false],
  [
    '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
    true,
  ],
  [
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    true,
  ],
  ['{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }', true],
  [
    '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    true,
  ],
  [
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    true,
  ],
  [
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "LeaveOrganization") || ($.eventName = "CreateAccount")) }',
    true,
  ],
  ['{ $.userIdentity.sessionContext.sessionIssuer.userName = "*stratus*" }', true],
  [
    '{ $.userIdentity.sessionContext.attributes.mfaAuthenticated != "true" && $.eventSource = "iam.*" }',
    true,
  ],
  ['{ $.requestParameters.instanceType = "p*" || $.requestParameters.name = "*" }', false],
  ['{ $.readOnly IS FALSE && $.errorCode NOT EXISTS && $.eventSource = "s3.amazonaws.com" }', false],
  ['{ $.resources[0].type = "AWS::KMS::Key" }', false],
  ['{ $.responseElements.credentials.expiration = "*" && $.eventName = "AssumeRole" }', false],
];

let server: AthenaServer;
beforeAll(async () => {
  server = await startAthenaServer({ queuedPolls: 0, runningPolls: 0 });
  server.loadRecords('security', 'cloudtrail_logs', records);
});
afterAll(() => server.stop());

describe('pattern pushdown gives the same events as pattern() on real records', () => {
  it.each(PATTERNS)('%s', async (text, exact) => {
    const p = pattern(text);
    const filters = { since: '2015-01-01T00:00:00Z', until: '2030-01-01T00:00:00Z', pattern: p };
    const built = buildQuery(filters, { database: 'security', table: 'cloudtrail_logs' });
    expect(built.residual === undefined).toBe(exact);
    const expected = records
      .filter((r) => p.test(r))
      .map((r) => r.eventID)
      .sort();
    const source = athenaSource({
      database: 'security',
      table: 'cloudtrail_logs',
      filters,
      client: server.client(),
      pollInterval: 0,
      pageSize: 500,
    });
    const got = (await readSource(source)).events.map((e) => e.eventID).sort();
    expect(got).toEqual(expected);
    // Equal results also show the SQL never dropped a matching event: the local residual only removes.
    const query = server.queries.at(-1)!;
    expect(query.queryString).toContain('WHERE "timestamp" BETWEEN ? AND ?');
  });

  it('matches at least some events across the set (the comparison is not vacuous)', () => {
    const matching = PATTERNS.filter(([text]) => records.some((r) => pattern(text).test(r)));
    expect(matching.length).toBeGreaterThanOrEqual(8);
  });
});
