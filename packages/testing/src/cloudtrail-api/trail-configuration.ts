import type { IncomingMessage } from 'node:http';
import { AwsJsonError } from '../http/json-protocol-server';
import { accountOfAccessKey } from '../sts/sts-server';
import { sigV4Scope } from './sigv4-scope';

/** One event selector of a trail, as `GetEventSelectors` answers it. */
export interface TrailEventSelector {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents?: boolean;
  DataResources?: Array<{ Type: string; Values: string[] }>;
}

/**
 * A trail to serve from `DescribeTrails`, `GetTrailStatus`, `GetEventSelectors` and `GetInsightSelectors`.
 * Field names are CloudTrail's; what is left out takes CloudTrail's default for a new trail.
 */
export interface TrailDefinition {
  Name: string;
  /** The region the trail was created in (default `us-east-1`). */
  HomeRegion?: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  IsMultiRegionTrail?: boolean;
  IsOrganizationTrail?: boolean;
  IncludeGlobalServiceEvents?: boolean;
  LogFileValidationEnabled?: boolean;
  KmsKeyId?: string;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  /** The account that owns the trail (default `123456789012`). */
  account?: string;
  /** `GetTrailStatus` fields (default: logging, last delivery now). Times are epoch seconds. */
  status?: {
    IsLogging?: boolean;
    LatestDeliveryTime?: number;
    LatestDigestDeliveryTime?: number;
    LatestDeliveryError?: string;
    LatestDigestDeliveryError?: string;
    LatestCloudWatchLogsDeliveryTime?: number;
  };
  /** Event selectors (default: one selector, all management events, read and write). */
  EventSelectors?: TrailEventSelector[];
  /** Insight types enabled (default none: `GetInsightSelectors` answers `InsightNotEnabledException`). */
  InsightTypes?: Array<'ApiCallRateInsight' | 'ApiErrorRateInsight'>;
}

/** The trails a CloudTrail server holds, per account (`*` answers every key the local STS did not issue). */
export type TrailStore = Map<string, TrailDefinition[]>;

const DEFAULT_ACCOUNT = '123456789012';

function arnOf(trail: TrailDefinition): string {
  return `arn:aws:cloudtrail:${trail.HomeRegion ?? 'us-east-1'}:${trail.account ?? DEFAULT_ACCOUNT}:trail/${trail.Name}`;
}

function callerAccount(headers: IncomingMessage['headers']): string {
  return accountOfAccessKey(sigV4Scope(headers).accessKeyId) ?? '*';
}

function visible(store: TrailStore, headers: IncomingMessage['headers']): TrailDefinition[] {
  return store.get(callerAccount(headers)) ?? [];
}

function find(
  store: TrailStore,
  headers: IncomingMessage['headers'],
  input: Record<string, unknown>,
  field: string,
): TrailDefinition {
  const name = input[field];
  if (typeof name !== 'string' || name === '') {
    throw new AwsJsonError('InvalidTrailNameException', `${field} is required`);
  }
  const trail = visible(store, headers).find((t) => t.Name === name || arnOf(t) === name);
  if (!trail) {
    throw new AwsJsonError(
      'TrailNotFoundException',
      `Unknown trail: ${name} for the user: ${callerAccount(headers)}`,
    );
  }
  return trail;
}

function describe(trail: TrailDefinition, customSelectors: boolean) {
  return {
    Name: trail.Name,
    S3BucketName: trail.S3BucketName,
    ...(trail.S3KeyPrefix ? { S3KeyPrefix: trail.S3KeyPrefix } : {}),
    IncludeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? true,
    IsMultiRegionTrail: trail.IsMultiRegionTrail ?? false,
    HomeRegion: trail.HomeRegion ?? 'us-east-1',
    TrailARN: arnOf(trail),
    LogFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
    ...(trail.CloudWatchLogsLogGroupArn
      ? { CloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn }
      : {}),
    ...(trail.CloudWatchLogsRoleArn ? { CloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn } : {}),
    ...(trail.KmsKeyId ? { KmsKeyId: trail.KmsKeyId } : {}),
    HasCustomEventSelectors: customSelectors,
    HasInsightSelectors: (trail.InsightTypes ?? []).length > 0,
    IsOrganizationTrail: trail.IsOrganizationTrail ?? false,
  };
}

/**
 * The CloudTrail control-plane operations over `store`, to merge into the CloudTrail server's operations:
 * `DescribeTrails` (the caller's trails; in another region, multi-region trails are shadow trails, listed
 * unless `includeShadowTrails` is false; `trailNameList` by name or ARN), `GetTrailStatus`,
 * `GetEventSelectors` and `GetInsightSelectors` (`TrailNotFoundException` for unknown trails,
 * `InsightNotEnabledException` when no insight is on). The account is the one of the signing key.
 */
export function trailConfigurationOperations(store: TrailStore) {
  return {
    DescribeTrails: (
      input: Record<string, unknown>,
      _s: AbortSignal,
      headers: IncomingMessage['headers'],
    ) => {
      const { region } = sigV4Scope(headers);
      const shadows = input.includeShadowTrails !== false;
      const names = Array.isArray(input.trailNameList) ? (input.trailNameList as string[]) : undefined;
      const trails = visible(store, headers).filter((t) => {
        const home = (t.HomeRegion ?? 'us-east-1') === region;
        if (!home && !(shadows && t.IsMultiRegionTrail)) return false;
        return !names || names.length === 0 || names.includes(t.Name) || names.includes(arnOf(t));
      });
      return { trailList: trails.map((t) => describe(t, t.EventSelectors !== undefined)) };
    },
    GetTrailStatus: (
      input: Record<string, unknown>,
      _s: AbortSignal,
      headers: IncomingMessage['headers'],
    ) => {
      const trail = find(store, headers, input, 'Name');
      const now = Math.floor(Date.now() / 1000);
      const s = trail.status ?? {};
      const logging = s.IsLogging ?? true;
      return {
        IsLogging: logging,
        ...(logging ? { StartLoggingTime: now - 86_400 } : { StopLoggingTime: now - 3600 }),
        LatestDeliveryTime: s.LatestDeliveryTime ?? now,
        ...(trail.LogFileValidationEnabled
          ? { LatestDigestDeliveryTime: s.LatestDigestDeliveryTime ?? now }
          : {}),
        ...(trail.CloudWatchLogsLogGroupArn
          ? { LatestCloudWatchLogsDeliveryTime: s.LatestCloudWatchLogsDeliveryTime ?? now }
          : {}),
        ...(s.LatestDeliveryError ? { LatestDeliveryError: s.LatestDeliveryError } : {}),
        ...(s.LatestDigestDeliveryError ? { LatestDigestDeliveryError: s.LatestDigestDeliveryError } : {}),
      };
    },
    GetEventSelectors: (
      input: Record<string, unknown>,
      _s: AbortSignal,
      headers: IncomingMessage['headers'],
    ) => {
      const trail = find(store, headers, input, 'TrailName');
      return {
        TrailARN: arnOf(trail),
        EventSelectors: trail.EventSelectors ?? [
          { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
        ],
      };
    },
    GetInsightSelectors: (
      input: Record<string, unknown>,
      _s: AbortSignal,
      headers: IncomingMessage['headers'],
    ) => {
      const trail = find(store, headers, input, 'TrailName');
      const types = trail.InsightTypes ?? [];
      if (types.length === 0) {
        throw new AwsJsonError(
          'InsightNotEnabledException',
          `Trail ${trail.Name} does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again.`,
        );
      }
      return { TrailARN: arnOf(trail), InsightSelectors: types.map((InsightType) => ({ InsightType })) };
    },
  };
}
