import { attackFromTags } from '../attack';
import type { Rule } from '../types';

/**
 * The CIS AWS Foundations Benchmark version whose section 4 ("Monitoring") numbering and metric-filter
 * patterns this pack follows. Controls 4.1 to 4.14 are 3.1 to 3.14 in v1.2.0 (tagged `cis-v1.2:3.x`); 4.15
 * (AWS Organizations changes) first appeared in v1.4.0.
 */
export const CIS_BENCHMARK_VERSION = '1.4.0';

const REF = 'https://www.cisecurity.org/benchmark/amazon_web_services';

function cis(
  control: number,
  slug: string,
  title: string,
  severity: Rule['severity'],
  match: string,
  extra: { description?: string; tags?: string[] } = {},
): Rule {
  const tags = [`cis:4.${control}`, `cis-version:${CIS_BENCHMARK_VERSION}`];
  if (control <= 14) tags.push(`cis-v1.2:3.${control}`);
  const all = [...tags, ...(extra.tags ?? [])];
  const attack = attackFromTags(all);
  return {
    id: `cis.4.${control}-${slug}`,
    title,
    severity,
    description:
      `CIS AWS Foundations Benchmark v${CIS_BENCHMARK_VERSION} control 4.${control}: ${title}. ` +
      'The filter pattern is the benchmark metric filter, verbatim.' +
      (extra.description ? ` ${extra.description}` : ''),
    references: [REF],
    tags: all,
    match,
    source: 'cis',
    ...(attack && { attack }),
  };
}

/** The CIS 4.2 variant that counts only successful IAM-user sign-ins (fewer false positives under SSO). */
export const CIS_CONSOLE_SIGNIN_WITHOUT_MFA_SSO_PATTERN =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';

/**
 * The 15 CIS AWS Foundations Benchmark monitoring controls (4.1 to 4.15) as rules whose `match` is the
 * benchmark's CloudWatch Logs metric-filter pattern, verbatim. A new array (of plain objects) on each call.
 */
export function cisRules(): Rule[] {
  return [
    cis(
      1,
      'unauthorized-api-calls',
      'Unauthorized API calls',
      'low',
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
      { tags: ['attack:T1078'] },
    ),
    cis(
      2,
      'console-signin-without-mfa',
      'Management Console sign-in without MFA',
      'medium',
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
      {
        description: `Benchmark variant for organizations using SSO: ${CIS_CONSOLE_SIGNIN_WITHOUT_MFA_SSO_PATTERN}`,
        tags: ['attack:T1078.004'],
      },
    ),
    cis(
      3,
      'root-account-usage',
      'Usage of the root account',
      'high',
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      { tags: ['attack:T1078.004'] },
    ),
    cis(
      4,
      'iam-policy-changes',
      'IAM policy changes',
      'medium',
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
      { tags: ['attack:T1098'] },
    ),
    cis(
      5,
      'cloudtrail-configuration-changes',
      'CloudTrail configuration changes',
      'high',
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
      { tags: ['attack:T1562.008'] },
    ),
    cis(
      6,
      'console-authentication-failures',
      'Management Console authentication failures',
      'medium',
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
      { tags: ['attack:T1110'] },
    ),
    cis(
      7,
      'kms-key-disabled-or-scheduled-deletion',
      'Disabling or scheduled deletion of customer-managed KMS keys',
      'high',
      '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
      { tags: ['attack:T1485'] },
    ),
    cis(
      8,
      's3-bucket-policy-changes',
      'S3 bucket policy changes',
      'medium',
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
      { tags: ['attack:T1530'] },
    ),
    cis(
      9,
      'config-changes',
      'AWS Config configuration changes',
      'medium',
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
      { tags: ['attack:T1562'] },
    ),
    cis(
      10,
      'security-group-changes',
      'Security group changes',
      'low',
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
      { tags: ['attack:T1562.007'] },
    ),
    cis(
      11,
      'nacl-changes',
      'Network ACL changes',
      'low',
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
      { tags: ['attack:T1562.007'] },
    ),
    cis(
      12,
      'network-gateway-changes',
      'Network gateway changes',
      'low',
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
      { tags: ['attack:T1599'] },
    ),
    cis(
      13,
      'route-table-changes',
      'Route table changes',
      'low',
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
      { tags: ['attack:T1599'] },
    ),
    cis(
      14,
      'vpc-changes',
      'VPC changes',
      'low',
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
      { tags: ['attack:T1599', 'attack:T1578.005'] },
    ),
    cis(
      15,
      'organizations-changes',
      'AWS Organizations changes',
      'high',
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
      { tags: ['attack:T1484.002'] },
    ),
  ];
}
