import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import type { TrailPosture } from './posture';

const ALL_S3 = new Set(['arn:aws:s3', 'arn:aws:s3:::', 'arn:aws-us-gov:s3', 'arn:aws-cn:s3']);

/**
 * What a trail's event selectors record: management events read/write, and S3 object-level events of every
 * bucket read/write. Basic selectors (`ReadWriteType`, `IncludeManagementEvents`, `DataResources` of type
 * `AWS::S3::Object` with the all-buckets value) and advanced ones (`eventCategory`, `resources.type`,
 * `readOnly`) are both understood; an advanced selector that narrows by other fields counts as not all.
 */
export function selectorCoverage(
  basic: readonly EventSelector[] | undefined,
  advanced: readonly AdvancedEventSelector[] | undefined,
): TrailPosture['selects'] {
  const out = { managementRead: false, managementWrite: false, s3ObjectRead: false, s3ObjectWrite: false };
  for (const s of basic ?? []) {
    const rw = s.ReadWriteType ?? 'All';
    const read = rw === 'All' || rw === 'ReadOnly';
    const write = rw === 'All' || rw === 'WriteOnly';
    if (s.IncludeManagementEvents ?? true) {
      out.managementRead ||= read;
      out.managementWrite ||= write;
    }
    const allS3 = (s.DataResources ?? []).some(
      (d) =>
        d.Type === 'AWS::S3::Object' &&
        (d.Values ?? []).some((v) => typeof v === 'string' && ALL_S3.has(v.replace(/\/$/, ''))),
    );
    if (allS3) {
      out.s3ObjectRead ||= read;
      out.s3ObjectWrite ||= write;
    }
  }
  for (const s of advanced ?? []) {
    const fields = new Map((s.FieldSelectors ?? []).map((f) => [f.Field ?? '', f]));
    const category = fields.get('eventCategory')?.Equals?.[0];
    const readOnly = fields.get('readOnly')?.Equals?.[0];
    const read = readOnly === undefined || readOnly === 'true';
    const write = readOnly === undefined || readOnly === 'false';
    const narrowed = [...fields.keys()].some(
      (k) => !['eventCategory', 'readOnly', 'resources.type'].includes(k),
    );
    if (narrowed) continue;
    if (category === 'Management') {
      out.managementRead ||= read;
      out.managementWrite ||= write;
    }
    if (category === 'Data' && fields.get('resources.type')?.Equals?.includes('AWS::S3::Object')) {
      out.s3ObjectRead ||= read;
      out.s3ObjectWrite ||= write;
    }
  }
  return out;
}
