import { describe, expect, it } from 'vitest';
import { CIS_BENCHMARK_VERSION, cisRules } from '../../src/rules/packs/cis';
import { allRealEvents, derive, stratus } from './fixtures';
import { type RuleCases, fires, real, synth } from './helpers';

const consoleLoginMfa = () =>
  real('ConsoleLogin', (e) => (e.additionalEventData as { MFAUsed?: string })?.MFAUsed === 'Yes');
const failedLogin = () =>
  derive(consoleLoginMfa(), (e) => {
    e.responseElements = { ConsoleLogin: 'Failure' };
    e.errorMessage = 'Failed authentication';
  });
const kmsDecrypt = () => real('Decrypt', (e) => e.eventSource === 'kms.amazonaws.com');

const CASES: Record<string, RuleCases> = {
  'cis.4.1-unauthorized-api-calls': {
    tp: [
      [
        'real GetPasswordData Client.UnauthorizedOperation',
        () => real('GetPasswordData', (e) => e.errorCode === 'Client.UnauthorizedOperation'),
      ],
      ['real AssumeRole AccessDenied', () => real('AssumeRole', (e) => e.errorCode === 'AccessDenied')],
    ],
    tn: [
      ['real DescribeInstances, no error', () => real('DescribeInstances', (e) => !e.errorCode)],
      ['real ThrottlingException', () => real('PutParameter', (e) => e.errorCode === 'ThrottlingException')],
    ],
  },
  'cis.4.2-console-signin-without-mfa': {
    tp: [
      [
        'real stratus console-login-without-mfa',
        () => stratus('aws.initial-access.console-login-without-mfa')[0]!,
      ],
    ],
    tn: [
      ['real ConsoleLogin with MFA', consoleLoginMfa],
      [
        'ConsoleLogin without additionalEventData (missing field: != is false)',
        () => derive(consoleLoginMfa(), (e) => void delete e.additionalEventData),
      ],
    ],
  },
  'cis.4.3-root-account-usage': {
    tp: [
      [
        'real CreateAccessKey made as Root',
        () =>
          derive(real('CreateAccessKey'), (e) => {
            e.userIdentity = {
              type: 'Root',
              accountId: '123456789012',
              arn: 'arn:aws:iam::123456789012:root',
            };
          }),
      ],
    ],
    tn: [
      ['real IAMUser call', () => real('CreateAccessKey')],
      [
        'Root call invoked by a service',
        () =>
          derive(real('CreateAccessKey'), (e) => {
            e.userIdentity = { type: 'Root', invokedBy: 'support.amazonaws.com' };
          }),
      ],
      [
        'Root AwsServiceEvent',
        () =>
          derive(real('CreateAccessKey'), (e) => {
            e.userIdentity = { type: 'Root' };
            e.eventType = 'AwsServiceEvent';
          }),
      ],
    ],
  },
  'cis.4.4-iam-policy-changes': {
    tp: [
      [
        'real AttachUserPolicy',
        () =>
          stratus('aws.persistence.iam-create-admin-user').find((e) => e.eventName === 'AttachUserPolicy')!,
      ],
      ['real PutRolePolicy', () => real('PutRolePolicy')],
    ],
    tn: [['real GetRolePolicy', () => real('GetRolePolicy')]],
  },
  'cis.4.5-cloudtrail-configuration-changes': {
    tp: [
      ['real StopLogging', () => stratus('aws.defense-evasion.cloudtrail-stop')[0]!],
      ['real DeleteTrail', () => stratus('aws.defense-evasion.cloudtrail-delete')[0]!],
      ['real CreateTrail', () => real('CreateTrail')],
    ],
    tn: [['real DescribeTrails', () => real('DescribeTrails')]],
  },
  'cis.4.6-console-authentication-failures': {
    tp: [['failed ConsoleLogin (derived from a real one)', failedLogin]],
    tn: [['real successful ConsoleLogin', consoleLoginMfa]],
  },
  'cis.4.7-kms-key-disabled-or-scheduled-deletion': {
    tp: [
      [
        'ScheduleKeyDeletion (derived from real kms Decrypt)',
        () => synth(kmsDecrypt(), 'kms.amazonaws.com', 'ScheduleKeyDeletion'),
      ],
      ['DisableKey (derived)', () => synth(kmsDecrypt(), 'kms.amazonaws.com', 'DisableKey')],
    ],
    tn: [
      ['real kms Decrypt', kmsDecrypt],
      ['DisableKey from another service', () => synth(kmsDecrypt(), 'other.amazonaws.com', 'DisableKey')],
    ],
  },
  'cis.4.8-s3-bucket-policy-changes': {
    tp: [
      ['real PutBucketPolicy', () => real('PutBucketPolicy')],
      ['real DeleteBucketPolicy', () => real('DeleteBucketPolicy')],
      ['real PutBucketLifecycle', () => real('PutBucketLifecycle')],
    ],
    tn: [['real GetBucketPolicy', () => real('GetBucketPolicy')]],
  },
  'cis.4.9-config-changes': {
    tp: [
      [
        'StopConfigurationRecorder (derived)',
        () => synth(real('DescribeInstances'), 'config.amazonaws.com', 'StopConfigurationRecorder'),
      ],
    ],
    tn: [
      [
        'DescribeConfigurationRecorders (derived)',
        () => synth(real('DescribeInstances'), 'config.amazonaws.com', 'DescribeConfigurationRecorders'),
      ],
    ],
  },
  'cis.4.10-security-group-changes': {
    tp: [
      ['real AuthorizeSecurityGroupIngress', () => real('AuthorizeSecurityGroupIngress')],
      ['real CreateSecurityGroup', () => real('CreateSecurityGroup')],
    ],
    tn: [['real DescribeSecurityGroups', () => real('DescribeSecurityGroups')]],
  },
  'cis.4.11-nacl-changes': {
    tp: [
      [
        'CreateNetworkAclEntry (derived)',
        () => synth(real('DescribeNetworkAcls'), 'ec2.amazonaws.com', 'CreateNetworkAclEntry'),
      ],
    ],
    tn: [['real DescribeNetworkAcls', () => real('DescribeNetworkAcls')]],
  },
  'cis.4.12-network-gateway-changes': {
    tp: [
      ['real CreateInternetGateway', () => real('CreateInternetGateway')],
      ['real AttachInternetGateway', () => real('AttachInternetGateway')],
    ],
    tn: [['real DescribeInternetGateways', () => real('DescribeInternetGateways')]],
  },
  'cis.4.13-route-table-changes': {
    tp: [
      ['real CreateRoute', () => real('CreateRoute')],
      ['real DisassociateRouteTable', () => real('DisassociateRouteTable')],
    ],
    tn: [
      ['real DescribeRouteTables', () => real('DescribeRouteTables')],
      ['real AssociateRouteTable (not in the benchmark list)', () => real('AssociateRouteTable')],
    ],
  },
  'cis.4.14-vpc-changes': {
    tp: [
      ['real CreateVpc', () => real('CreateVpc', (e) => !e.errorCode)],
      ['real DeleteVpc', () => real('DeleteVpc')],
    ],
    tn: [['real DescribeVpcs', () => real('DescribeVpcs')]],
  },
  'cis.4.15-organizations-changes': {
    tp: [
      [
        'real LeaveOrganization',
        () =>
          stratus('aws.defense-evasion.organizations-leave').find(
            (e) => e.eventName === 'LeaveOrganization',
          )!,
      ],
    ],
    tn: [['real DescribeOrganization', () => real('DescribeOrganization')]],
  },
};

describe('cisRules()', () => {
  const rules = cisRules();

  it('has the 15 monitoring controls with versioned tags and a test for each', () => {
    expect(rules.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
    expect(rules).toHaveLength(15);
    for (const r of rules) {
      expect(typeof r.match).toBe('string');
      expect(r.tags).toContain(`cis-version:${CIS_BENCHMARK_VERSION}`);
      expect(r.tags?.some((t) => /^cis:4\.\d+$/.test(t))).toBe(true);
      expect(r.description).toContain('verbatim');
    }
  });

  it('returns fresh arrays', () => {
    expect(cisRules()).not.toBe(cisRules());
  });

  for (const rule of cisRules()) {
    const cases = CASES[rule.id]!;
    describe(rule.id, () => {
      for (const [name, make] of cases?.tp ?? [])
        it(`fires: ${name}`, () => expect(fires(rule, make())).toBe(true));
      for (const [name, make] of cases?.tn ?? [])
        it(`does not fire: ${name}`, () => expect(fires(rule, make())).toBe(false));
    });
  }

  it('4.1 flags exactly the real unauthorized/denied records', () => {
    const rule = rules.find((r) => r.id === 'cis.4.1-unauthorized-api-calls')!;
    const events = allRealEvents();
    const expected = events.filter((e) => /UnauthorizedOperation$|^AccessDenied/.test(e.errorCode ?? ''));
    expect(events.filter((e) => fires(rule, e))).toEqual(expected);
  });
});
