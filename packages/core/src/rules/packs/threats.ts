import { attackFromTags } from '../attack';
import type { Rule, Severity } from '../types';
import {
  CHECK_EVENT_NAMES,
  accessKeyForOtherUser,
  bucketMadePublic,
  eventSelectorsReduced,
  loginProfileForOtherUser,
  securityGroupOpenToWorld,
  unusualInstanceType,
} from './threat-checks';

const SIGMA = 'https://github.com/SigmaHQ/sigma/tree/master/rules/cloud/aws/cloudtrail';

function threat(
  slug: string,
  title: string,
  severity: Severity,
  attack: string[],
  match: Rule['match'],
  description: string,
  references: string[] = [SIGMA],
): Rule {
  const rule: Rule = {
    id: `threats.${slug}`,
    title,
    severity,
    description,
    references,
    tags: ['threats', ...attack.map((t) => `attack:${t}`)],
    match,
    source: 'threats',
  };
  const mapping = attackFromTags(rule.tags);
  if (mapping) rule.attack = mapping;
  const eventNames = typeof match === 'function' ? CHECK_EVENT_NAMES.get(match) : undefined;
  if (eventNames !== undefined) rule.eventNames = [...eventNames];
  return rule;
}

/**
 * High-value detections beyond CIS, decidable from one record: defence evasion (logging and security
 * services turned off), exposure (public buckets, shared snapshots and images, world-open security
 * groups), credential access, persistence and privilege escalation. Patterns are CloudWatch Logs filter
 * pattern text wherever the language can express the check; the rest are small functions. A new array on
 * each call. Stateful detections (thresholds, anomalies) are in `defaultDetectors()`.
 */
export function threatRules(): Rule[] {
  return [
    // --- defence evasion: logging and security services
    threat(
      'cloudtrail-stopped',
      'CloudTrail logging stopped',
      'high',
      ['T1562.008'],
      '{ ($.eventSource = "cloudtrail.amazonaws.com") && ($.eventName = "StopLogging") }',
      'A trail stopped logging (StopLogging). Attackers do this to hide what follows.',
    ),
    threat(
      'cloudtrail-deleted',
      'CloudTrail trail deleted',
      'high',
      ['T1562.008'],
      '{ ($.eventSource = "cloudtrail.amazonaws.com") && ($.eventName = "DeleteTrail") }',
      'A trail was deleted (DeleteTrail).',
    ),
    threat(
      'cloudtrail-event-selectors-reduced',
      'CloudTrail event selectors changed to drop events',
      'high',
      ['T1562.008'],
      eventSelectorsReduced,
      'PutEventSelectors that excludes management events, or records only read or only write events.',
    ),
    threat(
      'cloudtrail-log-validation-disabled',
      'CloudTrail log file validation disabled',
      'medium',
      ['T1562.008'],
      '{ ($.eventSource = "cloudtrail.amazonaws.com") && ($.eventName = "UpdateTrail") && ($.requestParameters.enableLogFileValidation IS FALSE) }',
      'UpdateTrail turned log file integrity validation off.',
    ),
    threat(
      'guardduty-disabled',
      'GuardDuty detector deleted or disabled',
      'high',
      ['T1562.001'],
      '{ ($.eventSource = "guardduty.amazonaws.com") && (($.eventName = "DeleteDetector") || (($.eventName = "UpdateDetector") && ($.requestParameters.enable IS FALSE))) }',
      'A GuardDuty detector was deleted, or updated with enable=false.',
    ),
    threat(
      'securityhub-disabled',
      'Security Hub disabled',
      'high',
      ['T1562.001'],
      '{ ($.eventSource = "securityhub.amazonaws.com") && (($.eventName = "DisableSecurityHub") || ($.eventName = "BatchDisableStandards") || ($.eventName = "DisableImportFindingsForProduct")) }',
      'Security Hub, a standard, or a findings integration was disabled.',
    ),
    threat(
      'config-recording-stopped',
      'AWS Config recording stopped or deleted',
      'high',
      ['T1562.001'],
      '{ ($.eventSource = "config.amazonaws.com") && (($.eventName = "StopConfigurationRecorder") || ($.eventName = "DeleteConfigurationRecorder") || ($.eventName = "DeleteDeliveryChannel")) }',
      'The AWS Config recorder was stopped or deleted, or its delivery channel deleted.',
    ),
    threat(
      'vpc-flow-logs-deleted',
      'VPC flow logs deleted',
      'high',
      ['T1562.008'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "DeleteFlowLogs") }',
      'VPC flow logs were deleted (DeleteFlowLogs).',
    ),
    threat(
      'route53-resolver-query-logging-deleted',
      'Route 53 Resolver query logging deleted',
      'high',
      ['T1562.008'],
      '{ ($.eventSource = "route53resolver.amazonaws.com") && (($.eventName = "DeleteResolverQueryLogConfig") || ($.eventName = "DisassociateResolverQueryLogConfig")) }',
      'DNS query logging was deleted or detached from a VPC.',
    ),
    threat(
      'log-group-deleted',
      'CloudWatch Logs log group or stream deleted',
      'medium',
      ['T1070'],
      '{ ($.eventSource = "logs.amazonaws.com") && (($.eventName = "DeleteLogGroup") || ($.eventName = "DeleteLogStream")) }',
      'A log group or log stream was deleted, destroying logs.',
    ),
    threat(
      'kms-key-deletion',
      'KMS key disabled or scheduled for deletion',
      'high',
      ['T1485'],
      '{ ($.eventSource = "kms.amazonaws.com") && (($.eventName = "ScheduleKeyDeletion") || ($.eventName = "DisableKey")) }',
      'A KMS key was scheduled for deletion or disabled: data encrypted under it becomes unreadable.',
    ),
    threat(
      'ebs-default-encryption-disabled',
      'EBS encryption by default disabled',
      'medium',
      ['T1562'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "DisableEbsEncryptionByDefault") }',
      'New EBS volumes are no longer encrypted by default in this region.',
    ),
    threat(
      'organizations-leave',
      'Account left the AWS Organization',
      'high',
      ['T1562', 'T1666'],
      '{ ($.eventSource = "organizations.amazonaws.com") && ($.eventName = "LeaveOrganization") }',
      'LeaveOrganization removes the account from organization-wide guardrails (SCPs, org trails).',
    ),

    // --- exposure and exfiltration
    threat(
      's3-public-access-block-removed',
      'S3 Block Public Access removed or weakened',
      'high',
      ['T1530'],
      '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "DeleteBucketPublicAccessBlock") || ($.eventName = "DeleteAccountPublicAccessBlock") || ((($.eventName = "PutBucketPublicAccessBlock") || ($.eventName = "PutAccountPublicAccessBlock")) && (($.requestParameters.PublicAccessBlockConfiguration.BlockPublicAcls IS FALSE) || ($.requestParameters.PublicAccessBlockConfiguration.IgnorePublicAcls IS FALSE) || ($.requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy IS FALSE) || ($.requestParameters.PublicAccessBlockConfiguration.RestrictPublicBuckets IS FALSE)))) }',
      'The bucket or account public access block was deleted, or one of its four settings turned off.',
    ),
    threat(
      's3-bucket-made-public',
      'S3 bucket made public',
      'critical',
      ['T1530'],
      bucketMadePublic,
      'A bucket ACL granting AllUsers/AuthenticatedUsers (or a public canned ACL), or a bucket policy allowing "*" without a condition.',
    ),
    threat(
      'ec2-ami-shared',
      'AMI shared with another account or made public',
      'high',
      ['T1537'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "ModifyImageAttribute") && (($.requestParameters.launchPermission.add.items[0].userId = *) || ($.requestParameters.launchPermission.add.items[0].group = "all")) }',
      'ModifyImageAttribute added a launch permission for another account or for everyone.',
    ),
    threat(
      'ec2-snapshot-shared',
      'EBS snapshot shared with another account or made public',
      'high',
      ['T1537'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "ModifySnapshotAttribute") && (($.requestParameters.createVolumePermission.add.items[0].userId = *) || ($.requestParameters.createVolumePermission.add.items[0].group = "all")) }',
      'ModifySnapshotAttribute added a create-volume permission for another account or for everyone.',
    ),
    threat(
      'rds-snapshot-shared',
      'RDS snapshot shared with another account or made public',
      'high',
      ['T1537'],
      '{ ($.eventSource = "rds.amazonaws.com") && (($.eventName = "ModifyDBSnapshotAttribute") || ($.eventName = "ModifyDBClusterSnapshotAttribute")) && ($.requestParameters.attributeName = "restore") && ($.requestParameters.valuesToAdd[0] = *) }',
      'A DB (cluster) snapshot restore permission was added for another account or "all".',
    ),
    threat(
      'security-group-open-to-world',
      'Security group opened to the internet',
      'high',
      ['T1562.007'],
      securityGroupOpenToWorld,
      'An ingress rule for 0.0.0.0/0 or ::/0 (any /0 prefix) was added.',
    ),
    threat(
      'lambda-public-access',
      'Lambda function made publicly invocable',
      'high',
      ['T1546', 'T1190'],
      '{ ($.eventSource = "lambda.amazonaws.com") && ((($.eventName = "AddPermission*") && ($.requestParameters.principal = "\\*")) || ((($.eventName = "CreateFunctionUrlConfig*") || ($.eventName = "UpdateFunctionUrlConfig*")) && ($.requestParameters.authType = "NONE"))) }',
      'A resource policy statement for principal "*", or a function URL without authentication.',
    ),

    // --- credential access
    threat(
      'ec2-get-password-data',
      'EC2 Windows password data retrieved',
      'medium',
      ['T1552'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "GetPasswordData") }',
      'GetPasswordData returns the encrypted administrator password of a Windows instance.',
    ),
    threat(
      'secrets-manager-secret-read',
      'Secrets Manager secret value read',
      'low',
      ['T1555.006'],
      '{ ($.eventSource = "secretsmanager.amazonaws.com") && (($.eventName = "GetSecretValue") || ($.eventName = "BatchGetSecretValue")) }',
      'A secret value was read. Common for applications; look for unusual principals or volume.',
    ),
    threat(
      'ssm-parameter-decrypted',
      'SSM SecureString parameters read with decryption',
      'low',
      ['T1552'],
      '{ ($.eventSource = "ssm.amazonaws.com") && (($.eventName = "GetParameter") || ($.eventName = "GetParameters") || ($.eventName = "GetParametersByPath")) && ($.requestParameters.withDecryption IS TRUE) }',
      'Parameters were read with withDecryption=true.',
    ),
    threat(
      'ec2-user-data-read',
      'EC2 instance user data read',
      'medium',
      ['T1552.005'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "DescribeInstanceAttribute") && ($.requestParameters.attribute = "userData") }',
      'User data often holds secrets and bootstrap scripts.',
    ),
    threat(
      'sts-get-federation-token',
      'STS GetFederationToken called',
      'medium',
      ['T1550.001'],
      '{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "GetFederationToken") }',
      'Federation tokens survive the deletion of the access key that created them: a persistence trick.',
    ),

    // --- persistence and privilege escalation
    threat(
      'root-access-key-created',
      'Access key created for the root user',
      'critical',
      ['T1098.001'],
      '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "CreateAccessKey") && ($.userIdentity.type = "Root") && ($.requestParameters.userName NOT EXISTS) }',
      'The root user created an access key for itself.',
    ),
    threat(
      'iam-access-key-for-other-user',
      'Access key created for another IAM user',
      'medium',
      ['T1098.001'],
      accessKeyForOtherUser,
      'CreateAccessKey for a user other than the caller.',
    ),
    threat(
      'iam-login-profile-for-other-user',
      'Console password set for another IAM user',
      'high',
      ['T1098'],
      loginProfileForOtherUser,
      'CreateLoginProfile or UpdateLoginProfile for a user other than the caller.',
    ),
    threat(
      'iam-admin-policy-attached',
      'AdministratorAccess attached',
      'high',
      ['T1098.003'],
      '{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "AttachUserPolicy") || ($.eventName = "AttachRolePolicy") || ($.eventName = "AttachGroupPolicy")) && ($.requestParameters.policyArn = "*:policy/AdministratorAccess") }',
      'The AdministratorAccess managed policy was attached to a user, role or group.',
    ),
    threat(
      'iam-role-trust-policy-updated',
      'IAM role trust policy updated',
      'medium',
      ['T1098'],
      '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "UpdateAssumeRolePolicy") }',
      'Who may assume the role changed (a classic backdoor: trust an external account).',
    ),
    threat(
      'iam-user-created',
      'IAM user created',
      'low',
      ['T1136.003'],
      '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = "CreateUser") }',
      'A new IAM user.',
    ),
    threat(
      'iam-mfa-deactivated',
      'MFA device deactivated or deleted',
      'medium',
      ['T1556.006'],
      '{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "DeactivateMFADevice") || ($.eventName = "DeleteVirtualMFADevice")) }',
      'An MFA device was deactivated or deleted.',
    ),
    threat(
      'rolesanywhere-trust-anchor-created',
      'IAM Roles Anywhere trust anchor created',
      'high',
      ['T1098'],
      '{ ($.eventSource = "rolesanywhere.amazonaws.com") && (($.eventName = "CreateTrustAnchor") || ($.eventName = "UpdateTrustAnchor")) }',
      'A certificate authority was trusted to obtain AWS credentials from outside AWS.',
    ),
    threat(
      'lambda-layer-added',
      'Lambda layer added to a function',
      'medium',
      ['T1546'],
      '{ ($.eventSource = "lambda.amazonaws.com") && ($.eventName = "UpdateFunctionConfiguration*") && ($.requestParameters.layers[0] = *) }',
      'A layer (or extension) was added to a function: code that runs inside it.',
    ),
    threat(
      'lambda-code-updated',
      'Lambda function code updated',
      'low',
      ['T1525'],
      '{ ($.eventSource = "lambda.amazonaws.com") && ($.eventName = "UpdateFunctionCode*") }',
      'Function code was replaced.',
    ),
    threat(
      'root-console-login',
      'Root user console sign-in',
      'high',
      ['T1078.004'],
      '{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }',
      'The root user signed in (or tried to) to the console.',
    ),

    // --- execution and lateral movement
    threat(
      'ec2-user-data-modified',
      'EC2 instance user data modified',
      'high',
      ['T1059'],
      '{ ($.eventSource = "ec2.amazonaws.com") && ($.eventName = "ModifyInstanceAttribute") && ($.requestParameters.userData = *) }',
      'New user data runs as root at the next start of the instance.',
    ),
    threat(
      'ec2-serial-console-ssh-key',
      'SSH key pushed through the EC2 serial console',
      'high',
      ['T1021'],
      '{ ($.eventSource = "ec2-instance-connect.amazonaws.com") && ($.eventName = "SendSerialConsoleSSHPublicKey") }',
      'SendSerialConsoleSSHPublicKey gives console access to an instance.',
    ),
    threat(
      'ec2-instance-connect-ssh-key',
      'SSH key pushed with EC2 Instance Connect',
      'medium',
      ['T1021.004'],
      '{ ($.eventSource = "ec2-instance-connect.amazonaws.com") && ($.eventName = "SendSSHPublicKey") }',
      'SendSSHPublicKey grants SSH access to an instance for 60 seconds.',
    ),
    threat(
      'ssm-send-command',
      'SSM command sent to instances',
      'low',
      ['T1651'],
      '{ ($.eventSource = "ssm.amazonaws.com") && ($.eventName = "SendCommand") }',
      'Remote command execution through Systems Manager.',
    ),
    threat(
      'ssm-start-session',
      'SSM session started',
      'low',
      ['T1021'],
      '{ ($.eventSource = "ssm.amazonaws.com") && ($.eventName = "StartSession") }',
      'An interactive Session Manager session.',
    ),
    threat(
      'ec2-unusual-instance-type',
      'Unusual EC2 instance type launched',
      'medium',
      ['T1496'],
      unusualInstanceType,
      'RunInstances of a GPU, ML, FPGA or huge-memory type (p*, g*, inf*, trn*, dl*, f*, x*, u-*, *.metal, >= 24xlarge): a crypto-mining sign.',
    ),
    threat(
      'bedrock-model-access-enabled',
      'Bedrock model access enabled',
      'medium',
      ['T1496'],
      '{ ($.eventSource = "bedrock.amazonaws.com") && (($.eventName = "PutFoundationModelEntitlement") || ($.eventName = "CreateFoundationModelAgreement") || ($.eventName = "PutUseCaseForModelAccess")) }',
      'Access to a foundation model was requested: a first step of LLM-jacking.',
    ),
  ];
}
