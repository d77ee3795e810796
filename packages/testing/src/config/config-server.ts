import { startJsonProtocolServer } from '../http/json-protocol-server';
import { sigV4Scope } from '../cloudtrail-api/sigv4-scope';

/** An AWS Config configuration recorder in one region. */
export interface ConfigRecorderDefinition {
  /** Region (the recorder answers calls signed for it). */
  region: string;
  /** Recorder name (default `default`). */
  name?: string;
  /** Records all supported resource types (default true). */
  allSupported?: boolean;
  /** Records global resources such as IAM (default true). */
  includeGlobalResourceTypes?: boolean;
  /** Recording (default true). */
  recording?: boolean;
  /** Last status (default `SUCCESS`). */
  lastStatus?: 'Pending' | 'Success' | 'Failure';
}

/** A running local AWS Config endpoint. */
export interface ConfigServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Add a recorder. */
  putRecorder(recorder: ConfigRecorderDefinition): void;
  /** Operation names of every call, in order. */
  readonly calls: string[];
  /** Stop the server. */
  stop(): Promise<void>;
}

/**
 * Start a local AWS Config endpoint (AWS JSON 1.1, `X-Amz-Target: StarlingDoveService.<Operation>`) on
 * 127.0.0.1 with `DescribeConfigurationRecorders` and `DescribeConfigurationRecorderStatus`, per region (read
 * from the SigV4 scope): a region without a recorder answers an empty list, as AWS does.
 */
export async function startConfigServer(): Promise<ConfigServer> {
  const recorders: ConfigRecorderDefinition[] = [];
  const calls: string[] = [];
  const inRegion = (headers: Parameters<typeof sigV4Scope>[0]) => {
    const { region } = sigV4Scope(headers);
    return recorders.filter((r) => r.region === region);
  };
  const server = await startJsonProtocolServer({
    targetPrefix: 'StarlingDoveService',
    errorNamespace: 'com.amazonaws.starlingdove',
    onTarget: (operation) => calls.push(operation),
    operations: {
      DescribeConfigurationRecorders: (_input, _signal, headers) => ({
        ConfigurationRecorders: inRegion(headers).map((r) => ({
          name: r.name ?? 'default',
          roleARN:
            'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
          recordingGroup: {
            allSupported: r.allSupported ?? true,
            includeGlobalResourceTypes: r.includeGlobalResourceTypes ?? true,
            resourceTypes: [],
          },
        })),
      }),
      DescribeConfigurationRecorderStatus: (_input, _signal, headers) => ({
        ConfigurationRecordersStatus: inRegion(headers).map((r) => ({
          name: r.name ?? 'default',
          recording: r.recording ?? true,
          lastStatus: (r.lastStatus ?? 'Success').toUpperCase(),
          lastStartTime: Math.floor(Date.now() / 1000) - 86_400,
        })),
      }),
    },
  });
  return {
    endpoint: server.endpoint,
    putRecorder: (recorder) => recorders.push(recorder),
    calls,
    stop: () => server.stop(),
  };
}
