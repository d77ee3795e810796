import { ConfigError } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { createTableSql } from './create-table-sql';

const base = {
  database: 'security',
  table: 'cloudtrail_logs',
  bucket: 'my-trail-bucket',
  accounts: ['111111111111', '222222222222'],
  regions: ['us-east-1', 'eu-west-1'],
  startDate: '2023-01-01',
};

describe('createTableSql', () => {
  it('writes the partition-projected CloudTrail table DDL', () => {
    const sql = createTableSql({ ...base, prefix: 'org/trails', organizationId: 'o-abcdefghij' });
    expect(
      sql.startsWith(
        'CREATE EXTERNAL TABLE IF NOT EXISTS `security`.`cloudtrail_logs` (\n  eventversion STRING,\n  useridentity STRUCT<type:STRING, principalid:STRING',
      ),
    ).toBe(true);
    expect(sql).toContain(
      'sessionissuer:STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, username:STRING>',
    );
    expect(sql).toContain(
      'webidfederationdata:STRUCT<federatedprovider:STRING, attributes:MAP<STRING,STRING>>',
    );
    expect(sql).toContain('  resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>,');
    expect(sql).toContain('PARTITIONED BY (`account` string, `region` string, `timestamp` string)');
    expect(sql).toContain(`ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'`);
    expect(sql).toContain(`STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'`);
    expect(sql).toContain(`LOCATION 's3://my-trail-bucket/org/trails/AWSLogs/o-abcdefghij/'`);
    expect(sql).toContain(`'projection.account.values'='111111111111,222222222222'`);
    expect(sql).toContain(`'projection.region.values'='us-east-1,eu-west-1'`);
    expect(sql).toContain(`'projection.timestamp.format'='yyyy/MM/dd'`);
    expect(sql).toContain(`'projection.timestamp.range'='2023/01/01,NOW'`);
    expect(sql).toContain(
      `'storage.location.template'='s3://my-trail-bucket/org/trails/AWSLogs/o-abcdefghij/\${account}/CloudTrail/\${region}/\${timestamp}'`,
    );
  });

  it('supports the CloudTrail SerDe, an end date and no prefix', () => {
    const sql = createTableSql({
      ...base,
      serde: 'cloudtrail',
      endDate: new Date('2024-02-29T10:00:00Z'),
      ifNotExists: false,
    });
    expect(sql).toContain(`ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'`);
    expect(sql).toContain(`'projection.timestamp.range'='2023/01/01,2024/02/29'`);
    expect(sql).toContain(`LOCATION 's3://my-trail-bucket/AWSLogs/'`);
    expect(sql.startsWith('CREATE EXTERNAL TABLE `security`')).toBe(true);
  });

  it('rejects anything that could break out of the DDL', () => {
    expect(() => createTableSql({ ...base, table: "x'; DROP" })).toThrow(ConfigError);
    expect(() => createTableSql({ ...base, bucket: "b'ucket" })).toThrow(/bucket/);
    expect(() => createTableSql({ ...base, prefix: "p'" })).toThrow(/prefix/);
    expect(() => createTableSql({ ...base, accounts: ["1111'"] })).toThrow(/account id/);
    expect(() => createTableSql({ ...base, regions: ['us-east-1,x'] })).toThrow(/region/);
    expect(() => createTableSql({ ...base, organizationId: 'org' })).toThrow(/organizationId/);
    expect(() => createTableSql({ ...base, startDate: '2023/13/45' })).toThrow(/startDate/);
  });
});
