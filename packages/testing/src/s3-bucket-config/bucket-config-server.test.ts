import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BucketConfigServer, startBucketConfigServer } from './bucket-config-server';

let server: BucketConfigServer;
let s3: S3Client;
beforeAll(async () => {
  server = await startBucketConfigServer();
  s3 = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
  server.putBucket('full', {
    policy: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }] },
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    },
    encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:1:key/k' },
    versioning: 'Enabled',
    objectLock: { mode: 'GOVERNANCE', days: 30 },
    lifecycle: [{ id: 'x', enabled: true, expirationDays: 400 }],
    logging: { targetBucket: 'logs', targetPrefix: 'p/' },
    aclGrants: [{ group: 'AllUsers', permission: 'READ' }],
  });
  server.putBucket('bare', {});
});
afterAll(async () => {
  s3.destroy();
  await server.stop();
});

describe('S3 bucket-configuration server with the real client', () => {
  it('answers every configuration of a configured bucket', async () => {
    const Bucket = 'full';
    expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '')).toEqual({
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }],
    });
    expect(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: 'arn:aws:kms:us-east-1:1:key/k',
    });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }));
    expect(lock.ObjectLockConfiguration?.Rule?.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 30 });
    const life = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    expect(life.Rules?.[0]).toMatchObject({ ID: 'x', Status: 'Enabled', Expiration: { Days: 400 } });
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toEqual({
      TargetBucket: 'logs',
      TargetPrefix: 'p/',
    });
    const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants?.map((g) => `${g.Grantee?.Type}:${g.Grantee?.URI ?? ''}:${g.Permission}`)).toEqual([
      'CanonicalUser::FULL_CONTROL',
      'Group:http://acs.amazonaws.com/groups/global/AllUsers:READ',
    ]);
  });

  it("answers S3's not-found errors for what is not configured, and NoSuchBucket", async () => {
    const Bucket = 'bare';
    const fails = async (p: Promise<unknown>, name: string) => expect(p).rejects.toMatchObject({ name });
    await fails(s3.send(new GetBucketPolicyCommand({ Bucket })), 'NoSuchBucketPolicy');
    await fails(s3.send(new GetPublicAccessBlockCommand({ Bucket })), 'NoSuchPublicAccessBlockConfiguration');
    await fails(
      s3.send(new GetObjectLockConfigurationCommand({ Bucket })),
      'ObjectLockConfigurationNotFoundError',
    );
    await fails(
      s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })),
      'NoSuchLifecycleConfiguration',
    );
    await fails(s3.send(new GetBucketPolicyCommand({ Bucket: 'missing' })), 'NoSuchBucket');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined();
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(
      enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
  });
});
