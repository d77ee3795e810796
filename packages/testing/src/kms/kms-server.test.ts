import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigServer, startConfigServer } from '../config/config-server';
import { type KmsServer, startKmsServer } from './kms-server';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
let kms: KmsServer;
let config: ConfigServer;
beforeAll(async () => {
  [kms, config] = await Promise.all([startKmsServer(), startConfigServer()]);
});
afterAll(async () => {
  await Promise.all([kms.stop(), config.stop()]);
});

describe('KMS server with the real client', () => {
  it('finds a key by id, ARN or alias; rotation and policy; unknown keys are NotFoundException', async () => {
    const arn = kms.putKey({ keyId: 'k1', aliases: ['alias/trail'], rotation: true });
    const client = new KMSClient({
      endpoint: kms.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    const byAlias = await client.send(new DescribeKeyCommand({ KeyId: 'alias/trail' }));
    expect(byAlias.KeyMetadata).toMatchObject({ Arn: arn, KeyManager: 'CUSTOMER', KeyState: 'Enabled' });
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: arn }))).KeyRotationEnabled).toBe(
      true,
    );
    const policy = await client.send(new GetKeyPolicyCommand({ KeyId: 'k1', PolicyName: 'default' }));
    expect(JSON.parse(policy.Policy ?? '{}').Statement[0].Principal).toEqual({
      AWS: 'arn:aws:iam::123456789012:root',
    });
    await expect(client.send(new DescribeKeyCommand({ KeyId: 'nope' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    expect(kms.calls).toEqual(['DescribeKey', 'GetKeyRotationStatus', 'GetKeyPolicy', 'DescribeKey']);
  });
});

describe('AWS Config server with the real client', () => {
  it('answers the recorders of the signed region, and none elsewhere', async () => {
    config.putRecorder({ region: 'eu-west-1', recording: false });
    const eu = new ConfigServiceClient({
      endpoint: config.endpoint,
      region: 'eu-west-1',
      credentials,
      maxAttempts: 1,
    });
    const us = new ConfigServiceClient({
      endpoint: config.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    const recorders = await eu.send(new DescribeConfigurationRecordersCommand({}));
    expect(recorders.ConfigurationRecorders?.[0]?.recordingGroup?.allSupported).toBe(true);
    const status = await eu.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(status.ConfigurationRecordersStatus?.[0]).toMatchObject({ name: 'default', recording: false });
    expect((await us.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual([]);
  });
});
