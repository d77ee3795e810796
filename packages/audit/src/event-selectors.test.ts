import { describe, expect, it } from 'vitest';
import { selectorCoverage } from './event-selectors';

describe('selectorCoverage', () => {
  it('reads basic selectors: ReadWriteType, IncludeManagementEvents, all-bucket S3 data resources', () => {
    expect(selectorCoverage([{ ReadWriteType: 'ReadOnly' }], undefined)).toEqual({
      managementRead: true,
      managementWrite: false,
      s3ObjectRead: false,
      s3ObjectWrite: false,
    });
    const oneBucket = [
      {
        ReadWriteType: 'All' as const,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::one/'] }],
      },
    ];
    expect(selectorCoverage(oneBucket, undefined).s3ObjectWrite).toBe(false);
    const all = [
      {
        ReadWriteType: 'WriteOnly' as const,
        IncludeManagementEvents: false,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::'] }],
      },
    ];
    expect(selectorCoverage(all, undefined)).toEqual({
      managementRead: false,
      managementWrite: false,
      s3ObjectRead: false,
      s3ObjectWrite: true,
    });
  });

  it('reads advanced selectors, and ignores ones narrowed by other fields', () => {
    const advanced = [
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      {
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'readOnly', Equals: ['true'] },
        ],
      },
      {
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::one/'] },
        ],
      },
    ];
    expect(selectorCoverage(undefined, advanced)).toEqual({
      managementRead: true,
      managementWrite: true,
      s3ObjectRead: true,
      s3ObjectWrite: false,
    });
  });
});
