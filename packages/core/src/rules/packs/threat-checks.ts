/**
 * Checks that a filter pattern cannot express (they look inside arrays or compare two fields). Each starts
 * with a cheap `eventSource`/`eventName` test so that it costs almost nothing on other events.
 */
import type { JsonValue, TrailEvent } from '../../event/trail-event';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function items(v: unknown): unknown[] {
  const o = obj(v);
  const list = o ? o.items : v;
  return Array.isArray(list) ? list : [];
}

/** The acting user's name (IAM user), for comparisons with a target user name. */
function actorUserName(e: TrailEvent): string | undefined {
  const id = e.userIdentity;
  if (!id) return undefined;
  if (id.type === 'IAMUser') return id.userName;
  return undefined;
}

/** `CreateAccessKey` for a user other than the caller (persistence through another identity). */
export function accessKeyForOtherUser(e: TrailEvent): boolean {
  if (e.eventName !== 'CreateAccessKey' || e.eventSource !== 'iam.amazonaws.com') return false;
  const target = obj(e.requestParameters)?.userName;
  return typeof target === 'string' && target !== '' && target !== actorUserName(e);
}

/** `CreateLoginProfile` / `UpdateLoginProfile` for a user other than the caller. */
export function loginProfileForOtherUser(e: TrailEvent): boolean {
  if (e.eventName !== 'CreateLoginProfile' && e.eventName !== 'UpdateLoginProfile') return false;
  if (e.eventSource !== 'iam.amazonaws.com') return false;
  const target = obj(e.requestParameters)?.userName;
  return typeof target === 'string' && target !== '' && target !== actorUserName(e);
}

/** `PutEventSelectors` that stops recording management events, or records only reads or only writes. */
export function eventSelectorsReduced(e: TrailEvent): boolean {
  if (e.eventName !== 'PutEventSelectors' || e.eventSource !== 'cloudtrail.amazonaws.com') return false;
  const rp = obj(e.requestParameters);
  if (!rp) return false;
  const selectors = rp.eventSelectors;
  if (Array.isArray(selectors)) {
    if (selectors.length === 0) return true;
    return selectors.some((s) => {
      const sel = obj(s);
      return (
        !!sel &&
        (sel.includeManagementEvents === false ||
          (typeof sel.readWriteType === 'string' && sel.readWriteType !== 'All'))
      );
    });
  }
  const advanced = rp.advancedEventSelectors;
  if (Array.isArray(advanced)) {
    // Advanced selectors that never select the Management category drop management events.
    return !JSON.stringify(advanced).includes('"Management"');
  }
  return false;
}

const PUBLIC_GRANTEES = [
  'acs.amazonaws.com/groups/global/AllUsers',
  'acs.amazonaws.com/groups/global/AuthenticatedUsers',
];
const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

function principalIsEveryone(p: unknown): boolean {
  if (p === '*') return true;
  const o = obj(p);
  if (!o) return false;
  const aws = o.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** An `Allow` statement for everyone without a `Condition` in a bucket policy. */
function policyIsPublic(policy: unknown): boolean {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as JsonValue;
    } catch {
      return false;
    }
  }
  const statements = obj(doc)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.some((s) => {
    const st = obj(s);
    return !!st && st.Effect === 'Allow' && principalIsEveryone(st.Principal) && st.Condition === undefined;
  });
}

/** `PutBucketAcl` granting AllUsers/AuthenticatedUsers (or a public canned ACL), or a public `PutBucketPolicy`. */
export function bucketMadePublic(e: TrailEvent): boolean {
  if (e.eventSource !== 's3.amazonaws.com') return false;
  const rp = obj(e.requestParameters);
  if (!rp) return false;
  if (e.eventName === 'PutBucketPolicy') return policyIsPublic(rp.bucketPolicy ?? rp.policy);
  if (e.eventName === 'PutBucketAcl' || e.eventName === 'PutObjectAcl' || e.eventName === 'CreateBucket') {
    const canned = rp['x-amz-acl'];
    const cannedList = Array.isArray(canned) ? canned : [canned];
    if (cannedList.some((c) => typeof c === 'string' && PUBLIC_CANNED_ACLS.has(c))) return true;
    const text = JSON.stringify(rp);
    return PUBLIC_GRANTEES.some((g) => text.includes(g));
  }
  return false;
}

function isWorld(cidr: unknown): boolean {
  return typeof cidr === 'string' && cidr.endsWith('/0');
}

/**
 * `AuthorizeSecurityGroupIngress` (or `ModifySecurityGroupRules`) opening a rule to 0.0.0.0/0 or ::/0 (any
 * `/0` prefix: the whole address space).
 */
export function securityGroupOpenToWorld(e: TrailEvent): boolean {
  if (e.eventSource !== 'ec2.amazonaws.com') return false;
  const rp = obj(e.requestParameters);
  if (!rp) return false;
  if (e.eventName === 'AuthorizeSecurityGroupIngress') {
    if (isWorld(rp.cidrIp)) return true;
    for (const perm of items(rp.ipPermissions)) {
      const p = obj(perm);
      if (!p) continue;
      if (items(p.ipRanges).some((r) => isWorld(obj(r)?.cidrIp))) return true;
      if (items(p.ipv6Ranges).some((r) => isWorld(obj(r)?.cidrIpv6))) return true;
    }
    return false;
  }
  if (e.eventName === 'ModifySecurityGroupRules') {
    const text = JSON.stringify(rp.ModifySecurityGroupRulesRequest ?? rp);
    return /"Cidr(Ipv4|Ipv6)":"[^"]*\/0"/.test(text) && !/"IsEgress":true/.test(text);
  }
  return false;
}

/** Instance families rarely used for ordinary workloads and popular for crypto-mining: GPU, ML, FPGA, huge memory. */
const UNUSUAL_TYPE =
  /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|f\d|vt\d|x\d|u-|hpc\d)[a-z0-9-]*\.|\.metal|\.(2[4-9]|[3-9]\d|\d{3,})xlarge$/;

/** `RunInstances` of a GPU/ML/FPGA/huge-memory instance type, or of a metal or very large size. */
export function unusualInstanceType(e: TrailEvent): boolean {
  if (e.eventName !== 'RunInstances' || e.eventSource !== 'ec2.amazonaws.com') return false;
  const type = obj(e.requestParameters)?.instanceType;
  return typeof type === 'string' && UNUSUAL_TYPE.test(type);
}

/**
 * The `eventName`s each check can match (each check returns false for any other event): the `eventNames`
 * hint of its rule, so that rule indexing skips it on other events.
 */
export const CHECK_EVENT_NAMES: ReadonlyMap<(e: TrailEvent) => boolean, readonly string[]> = new Map([
  [accessKeyForOtherUser, ['CreateAccessKey']],
  [loginProfileForOtherUser, ['CreateLoginProfile', 'UpdateLoginProfile']],
  [eventSelectorsReduced, ['PutEventSelectors']],
  [bucketMadePublic, ['PutBucketPolicy', 'PutBucketAcl', 'PutObjectAcl', 'CreateBucket']],
  [securityGroupOpenToWorld, ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules']],
  [unusualInstanceType, ['RunInstances']],
]);
