import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../src/event/trail-event';
import { threatRules } from '../../src/rules/packs/threats';
import { derive, stratus } from './fixtures';
import { type RuleCases, fires, real, synth } from './helpers';

/** The first record of a stratus-red-team detonation with this eventName. */
const st = (technique: string, eventName: string) => () => {
  const e = stratus(technique).find((x) => x.eventName === eventName);
  if (!e) throw new Error(`${technique} has no ${eventName}`);
  return e;
};
const base = () => real('DescribeInstances', (e) => !e.errorCode);
const syn = (source: string, name: string, change?: (e: TrailEvent) => void) => () =>
  synth(base(), source, name, change);
const rp = (e: TrailEvent) => e.requestParameters as Record<string, unknown>;

const CASES: Record<string, RuleCases> = {
  'threats.cloudtrail-stopped': {
    tp: [['real stratus cloudtrail-stop', st('aws.defense-evasion.cloudtrail-stop', 'StopLogging')]],
    tn: [['real StartLogging', () => real('StartLogging', (e) => !e.errorCode)]],
  },
  'threats.cloudtrail-deleted': {
    tp: [['real stratus cloudtrail-delete', st('aws.defense-evasion.cloudtrail-delete', 'DeleteTrail')]],
    tn: [['real CreateTrail', () => real('CreateTrail')]],
  },
  'threats.cloudtrail-event-selectors-reduced': {
    tp: [
      [
        'real stratus cloudtrail-event-selectors',
        st('aws.defense-evasion.cloudtrail-event-selectors', 'PutEventSelectors'),
      ],
    ],
    tn: [
      [
        'selectors recording all management events (derived)',
        () =>
          derive(st('aws.defense-evasion.cloudtrail-event-selectors', 'PutEventSelectors')(), (e) => {
            rp(e).eventSelectors = [
              { includeManagementEvents: true, readWriteType: 'All', dataResources: [] },
            ];
          }),
      ],
      ['real GetEventSelectors', () => real('GetEventSelectors')],
    ],
  },
  'threats.cloudtrail-log-validation-disabled': {
    tp: [
      [
        'UpdateTrail enableLogFileValidation=false (derived)',
        syn('cloudtrail.amazonaws.com', 'UpdateTrail', (e) => {
          e.requestParameters = { name: 't', enableLogFileValidation: false };
        }),
      ],
    ],
    tn: [
      [
        'UpdateTrail enabling validation (derived)',
        syn('cloudtrail.amazonaws.com', 'UpdateTrail', (e) => {
          e.requestParameters = { name: 't', enableLogFileValidation: true };
        }),
      ],
    ],
  },
  'threats.guardduty-disabled': {
    tp: [
      ['DeleteDetector (derived)', syn('guardduty.amazonaws.com', 'DeleteDetector')],
      [
        'UpdateDetector enable=false (derived)',
        syn('guardduty.amazonaws.com', 'UpdateDetector', (e) => {
          e.requestParameters = { detectorId: 'd', enable: false };
        }),
      ],
    ],
    tn: [
      ['real guardduty ListDetectors', () => real('ListDetectors')],
      [
        'UpdateDetector enable=true (derived)',
        syn('guardduty.amazonaws.com', 'UpdateDetector', (e) => {
          e.requestParameters = { detectorId: 'd', enable: true };
        }),
      ],
    ],
  },
  'threats.securityhub-disabled': {
    tp: [['DisableSecurityHub (derived)', syn('securityhub.amazonaws.com', 'DisableSecurityHub')]],
    tn: [['real securityhub DescribeHub', () => real('DescribeHub')]],
  },
  'threats.config-recording-stopped': {
    tp: [['StopConfigurationRecorder (derived)', syn('config.amazonaws.com', 'StopConfigurationRecorder')]],
    tn: [['PutConfigurationRecorder (derived)', syn('config.amazonaws.com', 'PutConfigurationRecorder')]],
  },
  'threats.vpc-flow-logs-deleted': {
    tp: [
      ['real stratus vpc-remove-flow-logs', st('aws.defense-evasion.vpc-remove-flow-logs', 'DeleteFlowLogs')],
    ],
    tn: [['real DescribeFlowLogs', () => real('DescribeFlowLogs')]],
  },
  'threats.route53-resolver-query-logging-deleted': {
    tp: [
      [
        'real stratus dns-delete-logs',
        st('aws.defense-evasion.dns-delete-logs', 'DeleteResolverQueryLogConfig'),
      ],
    ],
    tn: [
      [
        'real route53resolver ListFirewallRuleGroupAssociations',
        () => real('ListFirewallRuleGroupAssociations'),
      ],
    ],
  },
  'threats.log-group-deleted': {
    tp: [['real DeleteLogGroup (invictus)', () => real('DeleteLogGroup')]],
    tn: [['real CreateLogGroup', () => real('CreateLogGroup')]],
  },
  'threats.kms-key-deletion': {
    tp: [
      [
        'ScheduleKeyDeletion (derived from real Decrypt)',
        () => synth(real('Decrypt'), 'kms.amazonaws.com', 'ScheduleKeyDeletion'),
      ],
    ],
    tn: [['real kms Decrypt', () => real('Decrypt')]],
  },
  'threats.ebs-default-encryption-disabled': {
    tp: [
      ['DisableEbsEncryptionByDefault (derived)', syn('ec2.amazonaws.com', 'DisableEbsEncryptionByDefault')],
    ],
    tn: [
      ['EnableEbsEncryptionByDefault (derived)', syn('ec2.amazonaws.com', 'EnableEbsEncryptionByDefault')],
    ],
  },
  'threats.organizations-leave': {
    tp: [
      [
        'real stratus organizations-leave',
        st('aws.defense-evasion.organizations-leave', 'LeaveOrganization'),
      ],
    ],
    tn: [['real DescribeOrganization', () => real('DescribeOrganization')]],
  },
  'threats.s3-public-access-block-removed': {
    tp: [
      ['DeleteBucketPublicAccessBlock (derived)', syn('s3.amazonaws.com', 'DeleteBucketPublicAccessBlock')],
      [
        'PutBucketPublicAccessBlock with RestrictPublicBuckets=false (derived)',
        syn('s3.amazonaws.com', 'PutBucketPublicAccessBlock', (e) => {
          e.requestParameters = {
            bucketName: 'b',
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: false,
            },
          };
        }),
      ],
    ],
    tn: [
      ['real GetBucketPublicAccessBlock', () => real('GetBucketPublicAccessBlock', (e) => !e.errorCode)],
      [
        'PutBucketPublicAccessBlock all true (derived)',
        syn('s3.amazonaws.com', 'PutBucketPublicAccessBlock', (e) => {
          e.requestParameters = {
            bucketName: 'b',
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          };
        }),
      ],
    ],
  },
  'threats.s3-bucket-made-public': {
    tp: [
      [
        'real PutBucketPolicy with Principal "*" (derived)',
        () =>
          derive(
            real('PutBucketPolicy', (e) => JSON.stringify(e).includes('193672423079')),
            (e) => {
              const policy = rp(e).bucketPolicy as { Statement: Array<Record<string, unknown>> };
              policy.Statement[0]!.Principal = '*';
            },
          ),
      ],
      [
        'PutBucketAcl granting AllUsers (derived)',
        syn('s3.amazonaws.com', 'PutBucketAcl', (e) => {
          e.requestParameters = {
            bucketName: 'b',
            AccessControlPolicy: {
              AccessControlList: {
                Grant: [
                  { Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
                ],
              },
            },
          };
        }),
      ],
    ],
    tn: [
      [
        'real PutBucketPolicy for cloudtrail.amazonaws.com',
        () => real('PutBucketPolicy', (e) => JSON.stringify(e).includes('cloudtrail.amazonaws.com')),
      ],
      [
        'real PutBucketPolicy granting one external account',
        () => real('PutBucketPolicy', (e) => JSON.stringify(e).includes('193672423079')),
      ],
    ],
  },
  'threats.ec2-ami-shared': {
    tp: [['real stratus ec2-share-ami', st('aws.exfiltration.ec2-share-ami', 'ModifyImageAttribute')]],
    tn: [
      [
        'ModifyImageAttribute removing a permission (derived)',
        () =>
          derive(st('aws.exfiltration.ec2-share-ami', 'ModifyImageAttribute')(), (e) => {
            rp(e).launchPermission = { remove: { items: [{ userId: '846424999548' }] } };
          }),
      ],
    ],
  },
  'threats.ec2-snapshot-shared': {
    tp: [
      [
        'real stratus ec2-share-ebs-snapshot',
        st('aws.exfiltration.ec2-share-ebs-snapshot', 'ModifySnapshotAttribute'),
      ],
    ],
    tn: [['real DescribeSnapshots', () => real('DescribeSnapshots')]],
  },
  'threats.rds-snapshot-shared': {
    tp: [
      [
        'real stratus rds-share-snapshot',
        st('aws.exfiltration.rds-share-snapshot', 'ModifyDBSnapshotAttribute'),
      ],
    ],
    tn: [['real DescribeDBSnapshots', () => real('DescribeDBSnapshots')]],
  },
  'threats.security-group-open-to-world': {
    tp: [
      [
        'real stratus ec2-security-group-open-port-22-ingress (/0)',
        st('aws.exfiltration.ec2-security-group-open-port-22-ingress', 'AuthorizeSecurityGroupIngress'),
      ],
      [
        'ipPermissions with ::/0 (derived)',
        () =>
          derive(
            st('aws.exfiltration.ec2-security-group-open-port-22-ingress', 'AuthorizeSecurityGroupIngress')(),
            (e) => {
              e.requestParameters = {
                groupId: 'sg-1',
                ipPermissions: {
                  items: [
                    {
                      ipProtocol: 'tcp',
                      fromPort: 22,
                      toPort: 22,
                      ipRanges: {},
                      ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] },
                    },
                  ],
                },
              };
            },
          ),
      ],
    ],
    tn: [
      [
        'ingress from a /24 (derived)',
        () =>
          derive(
            st('aws.exfiltration.ec2-security-group-open-port-22-ingress', 'AuthorizeSecurityGroupIngress')(),
            (e) => {
              rp(e).cidrIp = '10.1.2.0/24';
            },
          ),
      ],
      ['real AuthorizeSecurityGroupEgress', () => real('AuthorizeSecurityGroupEgress')],
    ],
  },
  'threats.lambda-public-access': {
    tp: [
      [
        'real stratus lambda-backdoor-function (principal "*")',
        st('aws.persistence.lambda-backdoor-function', 'AddPermission20150331v2'),
      ],
    ],
    tn: [
      [
        'AddPermission for a service principal (derived)',
        () =>
          derive(st('aws.persistence.lambda-backdoor-function', 'AddPermission20150331v2')(), (e) => {
            rp(e).principal = 's3.amazonaws.com';
          }),
      ],
    ],
  },
  'threats.ec2-get-password-data': {
    tp: [['real GetPasswordData (invictus)', () => real('GetPasswordData')]],
    tn: [['real DescribeInstances', base]],
  },
  'threats.secrets-manager-secret-read': {
    tp: [
      ['real GetSecretValue', st('aws.credential-access.secretsmanager-retrieve-secrets', 'GetSecretValue')],
      [
        'real BatchGetSecretValue',
        st('aws.credential-access.secretsmanager-batch-retrieve-secrets', 'BatchGetSecretValue'),
      ],
    ],
    tn: [['real DescribeSecret', () => real('DescribeSecret')]],
  },
  'threats.ssm-parameter-decrypted': {
    tp: [
      [
        'real stratus ssm-retrieve-securestring-parameters',
        st('aws.credential-access.ssm-retrieve-securestring-parameters', 'GetParameters'),
      ],
    ],
    tn: [
      [
        'GetParameters without decryption (derived)',
        () =>
          derive(st('aws.credential-access.ssm-retrieve-securestring-parameters', 'GetParameters')(), (e) => {
            rp(e).withDecryption = false;
          }),
      ],
    ],
  },
  'threats.ec2-user-data-read': {
    tp: [
      [
        'real stratus ec2-download-user-data',
        st('aws.discovery.ec2-download-user-data', 'DescribeInstanceAttribute'),
      ],
    ],
    tn: [
      [
        'DescribeInstanceAttribute of another attribute (derived)',
        () =>
          derive(st('aws.discovery.ec2-download-user-data', 'DescribeInstanceAttribute')(), (e) => {
            rp(e).attribute = 'instanceType';
          }),
      ],
    ],
  },
  'threats.sts-get-federation-token': {
    tp: [
      ['real stratus sts-federation-token', st('aws.persistence.sts-federation-token', 'GetFederationToken')],
    ],
    tn: [['real GetCallerIdentity', () => real('GetCallerIdentity')]],
  },
  'threats.root-access-key-created': {
    tp: [
      [
        'CreateAccessKey by Root for itself (derived)',
        () =>
          derive(real('CreateAccessKey'), (e) => {
            e.userIdentity = {
              type: 'Root',
              accountId: '123456789012',
              arn: 'arn:aws:iam::123456789012:root',
            };
            e.requestParameters = null;
          }),
      ],
    ],
    tn: [['real CreateAccessKey by an IAM user', () => real('CreateAccessKey')]],
  },
  'threats.iam-access-key-for-other-user': {
    tp: [['real stratus iam-backdoor-user', st('aws.persistence.iam-backdoor-user', 'CreateAccessKey')]],
    tn: [
      [
        'CreateAccessKey for oneself (derived)',
        () =>
          derive(st('aws.persistence.iam-backdoor-user', 'CreateAccessKey')(), (e) => {
            rp(e).userName = e.userIdentity!.userName!;
          }),
      ],
    ],
  },
  'threats.iam-login-profile-for-other-user': {
    tp: [
      [
        'real stratus iam-create-user-login-profile',
        st('aws.persistence.iam-create-user-login-profile', 'CreateLoginProfile'),
      ],
      [
        'real stratus iam-update-user-login-profile',
        st('aws.privilege-escalation.iam-update-user-login-profile', 'UpdateLoginProfile'),
      ],
    ],
    tn: [
      ['real DeleteLoginProfile', st('aws.persistence.iam-create-user-login-profile', 'DeleteLoginProfile')],
    ],
  },
  'threats.iam-admin-policy-attached': {
    tp: [
      ['real stratus iam-create-admin-user', st('aws.persistence.iam-create-admin-user', 'AttachUserPolicy')],
      [
        'real stratus iam-create-backdoor-role',
        st('aws.persistence.iam-create-backdoor-role', 'AttachRolePolicy'),
      ],
    ],
    tn: [
      [
        'real AttachRolePolicy of another policy',
        () => real('AttachRolePolicy', (e) => !String(rp(e)?.policyArn).endsWith('/AdministratorAccess')),
      ],
    ],
  },
  'threats.iam-role-trust-policy-updated': {
    tp: [
      ['real stratus iam-backdoor-role', st('aws.persistence.iam-backdoor-role', 'UpdateAssumeRolePolicy')],
    ],
    tn: [['real GetRole', () => real('GetRole', (e) => !e.errorCode)]],
  },
  'threats.iam-user-created': {
    tp: [['real CreateUser', st('aws.persistence.iam-create-admin-user', 'CreateUser')]],
    tn: [['real DeleteUser', () => real('DeleteUser')]],
  },
  'threats.iam-mfa-deactivated': {
    tp: [
      [
        'DeactivateMFADevice (derived)',
        () => synth(real('ListMFADevices'), 'iam.amazonaws.com', 'DeactivateMFADevice'),
      ],
    ],
    tn: [['real ListMFADevices', () => real('ListMFADevices')]],
  },
  'threats.rolesanywhere-trust-anchor-created': {
    tp: [
      [
        'real stratus rolesanywhere-create-trust-anchor',
        st('aws.persistence.rolesanywhere-create-trust-anchor', 'CreateTrustAnchor'),
      ],
    ],
    tn: [['real CreateProfile', st('aws.persistence.rolesanywhere-create-trust-anchor', 'CreateProfile')]],
  },
  'threats.lambda-layer-added': {
    tp: [
      [
        'real stratus lambda-layer-extension',
        st('aws.persistence.lambda-layer-extension', 'UpdateFunctionConfiguration20150331v2'),
      ],
    ],
    tn: [
      [
        'configuration update without layers (derived)',
        () =>
          derive(
            st('aws.persistence.lambda-layer-extension', 'UpdateFunctionConfiguration20150331v2')(),
            (e) => {
              delete rp(e).layers;
            },
          ),
      ],
    ],
  },
  'threats.lambda-code-updated': {
    tp: [
      [
        'real stratus lambda-overwrite-code',
        st('aws.persistence.lambda-overwrite-code', 'UpdateFunctionCode20150331v2'),
      ],
    ],
    tn: [['real GetFunction', () => real('GetFunction20150331v2')]],
  },
  'threats.root-console-login': {
    tp: [
      [
        'Root ConsoleLogin (derived)',
        () =>
          derive(real('ConsoleLogin'), (e) => {
            e.userIdentity = { type: 'Root', accountId: '123456789012' };
          }),
      ],
    ],
    tn: [['real IAMUser ConsoleLogin', () => real('ConsoleLogin')]],
  },
  'threats.ec2-user-data-modified': {
    tp: [['real stratus ec2-user-data', st('aws.execution.ec2-user-data', 'ModifyInstanceAttribute')]],
    tn: [
      [
        'real ModifyInstanceAttribute without userData',
        () => real('ModifyInstanceAttribute', (e) => rp(e)?.userData === undefined),
      ],
    ],
  },
  'threats.ec2-serial-console-ssh-key': {
    tp: [
      [
        'real stratus ec2-serial-console-send-ssh-public-key',
        st('aws.lateral-movement.ec2-serial-console-send-ssh-public-key', 'SendSerialConsoleSSHPublicKey'),
      ],
    ],
    tn: [['real SendSSHPublicKey', st('aws.lateral-movement.ec2-instance-connect', 'SendSSHPublicKey')]],
  },
  'threats.ec2-instance-connect-ssh-key': {
    tp: [
      [
        'real stratus ec2-instance-connect',
        st('aws.lateral-movement.ec2-instance-connect', 'SendSSHPublicKey'),
      ],
    ],
    tn: [
      [
        'real SendSerialConsoleSSHPublicKey',
        st('aws.lateral-movement.ec2-serial-console-send-ssh-public-key', 'SendSerialConsoleSSHPublicKey'),
      ],
    ],
  },
  'threats.ssm-send-command': {
    tp: [['real stratus ssm-send-command', st('aws.execution.ssm-send-command', 'SendCommand')]],
    tn: [['real GetCommandInvocation', () => real('GetCommandInvocation')]],
  },
  'threats.ssm-start-session': {
    tp: [['real stratus ssm-start-session', st('aws.execution.ssm-start-session', 'StartSession')]],
    tn: [['real TerminateSession', () => real('TerminateSession')]],
  },
  'threats.ec2-unusual-instance-type': {
    tp: [
      [
        'real stratus ec2-launch-unusual-instances (p2.xlarge)',
        st('aws.execution.ec2-launch-unusual-instances', 'RunInstances'),
      ],
    ],
    tn: [
      [
        'RunInstances t3.micro (derived)',
        () =>
          derive(st('aws.execution.ec2-launch-unusual-instances', 'RunInstances')(), (e) => {
            rp(e).instanceType = 't3.micro';
          }),
      ],
    ],
  },
  'threats.bedrock-model-access-enabled': {
    tp: [
      [
        'real stratus bedrock-invoke-model',
        st('aws.impact.bedrock-invoke-model', 'PutFoundationModelEntitlement'),
      ],
    ],
    tn: [['real InvokeModel', st('aws.impact.bedrock-invoke-model', 'InvokeModel')]],
  },
};

describe('threatRules()', () => {
  const rules = threatRules();

  it('has at least 30 rules, each with ATT&CK tags and a test', () => {
    expect(rules.length).toBeGreaterThanOrEqual(30);
    expect(rules.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
    for (const r of rules) {
      expect(r.tags?.some((t) => t.startsWith('attack:T'))).toBe(true);
      expect(r.description).toBeTruthy();
    }
  });

  for (const rule of threatRules()) {
    const cases = CASES[rule.id];
    describe(rule.id, () => {
      for (const [name, make] of cases?.tp ?? [])
        it(`fires: ${name}`, () => expect(fires(rule, make())).toBe(true));
      for (const [name, make] of cases?.tn ?? [])
        it(`does not fire: ${name}`, () => expect(fires(rule, make())).toBe(false));
    });
  }
});
