/** The local AWS servers `trailkit audit` reads (CloudTrail, KMS, AWS Config, S3 bucket configuration). */
import {
  type BucketConfigServer,
  type CloudTrailServer,
  type ConfigServer,
  type KmsServer,
  startBucketConfigServer,
  startCloudTrailServer,
  startConfigServer,
  startKmsServer,
} from '@trailkit/testing';

/** The four servers, the environment that points the CLI's clients at them, and `stop()`. */
export interface PostureServers {
  ct: CloudTrailServer;
  kms: KmsServer;
  config: ConfigServer;
  s3: BucketConfigServer;
  /** `AWS_ENDPOINT_URL_*` for the four services. */
  endpoints: Record<string, string>;
  stop(): Promise<void>;
}

/** Start the servers `trailkit audit` talks to, on 127.0.0.1. */
export async function startPostureServers(): Promise<PostureServers> {
  const [ct, kms, config, s3] = await Promise.all([
    startCloudTrailServer(),
    startKmsServer(),
    startConfigServer(),
    startBucketConfigServer(),
  ]);
  return {
    ct,
    kms,
    config,
    s3,
    endpoints: {
      AWS_ENDPOINT_URL_CLOUDTRAIL: ct.endpoint,
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      AWS_ENDPOINT_URL_CONFIG_SERVICE: config.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    },
    stop: async () => {
      await Promise.all([ct.stop(), kms.stop(), config.stop(), s3.stop()]);
    },
  };
}
