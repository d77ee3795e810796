/**
 * Example: automated response. Scans CloudTrail logs, and for two kinds of finding calls the matching AWS
 * API through an `actionSink` (dry-run unless APPLY=1):
 *
 * - an access key used from outside the allowed networks (a custom rule) → IAM `UpdateAccessKey` to
 *   `Inactive`;
 * - a security group opened to 0.0.0.0/0 or ::/0 (the built-in threat rule) → EC2
 *   `RevokeSecurityGroupIngress` with exactly the permissions the event added.
 *
 *   pnpm --filter @trailkit-examples/auto-remediate start
 *
 * Environment: TRAILKIT_PATHS (comma-separated files/dirs, default: the bundled samples),
 * ALLOWED_CIDRS (default: the RFC 1918 ranges), APPLY=1 to really call AWS (credentials and region from
 * the usual AWS environment; AWS_ENDPOINT_URL is honoured by the SDK).
 */
import { fileURLToPath } from 'node:url';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import { actionSink, filesSource, type Logger, pipeline, type RunSummary, threatRules } from '@trailkit/core';
import type { PlannedAction } from './plan';
import { remediation } from './remediate';
import { accessKeyOutsideNetworks, SG_OPEN_RULE_ID } from './rules';

/** Default input: the bundled Stratus Red Team detonation logs. */
export const SAMPLES = fileURLToPath(new URL('../../../samples/stratus-red-team/', import.meta.url));

/** Default allowed networks: private address space only. */
export const DEFAULT_ALLOWED = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** Options of {@link main}. */
export interface AutoRemediateOptions {
  paths?: string[];
  allowedCidrs?: string[];
  /** Really call AWS. Default false (dry-run). */
  apply?: boolean;
  iam?: IAMClient;
  ec2?: (region: string) => EC2Client;
  log?: Logger;
  signal?: AbortSignal;
}

/** Run the scan and the response; returns the run summary and every action planned or taken. */
export async function main(
  options: AutoRemediateOptions = {},
): Promise<{ summary: RunSummary; actions: Array<PlannedAction & { applied: boolean; findingId: string }> }> {
  const actions: Array<PlannedAction & { applied: boolean; findingId: string }> = [];
  const sgRule = threatRules().find((r) => r.id === SG_OPEN_RULE_ID);
  if (!sgRule) throw new Error(`rule ${SG_OPEN_RULE_ID} not found in threatRules()`);
  const handler = remediation({
    apply: options.apply,
    iam: options.iam,
    ec2: options.ec2,
    onAction: (a) => actions.push(a),
  });
  const summary = await pipeline()
    .from(filesSource({ paths: options.paths ?? [SAMPLES] }))
    .detect([sgRule, accessKeyOutsideNetworks(options.allowedCidrs ?? DEFAULT_ALLOWED)])
    .to(actionSink(handler, { name: 'auto-remediate', concurrency: 2, log: options.log }))
    .run({ signal: options.signal, onInvalid: 'skip', retry: { attempts: 3 }, log: options.log });
  return { summary, actions };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const env = process.env;
  const apply = env.APPLY === '1';
  const { summary, actions } = await main({
    paths: env.TRAILKIT_PATHS ? env.TRAILKIT_PATHS.split(',') : undefined,
    allowedCidrs: env.ALLOWED_CIDRS ? env.ALLOWED_CIDRS.split(',') : undefined,
    apply,
  });
  console.log(`${summary.events.read} events, ${summary.findings.total} findings`);
  for (const a of actions)
    console.log(`${a.applied ? 'CALLED ' : 'DRY-RUN'} ${a.api} ${a.region} ${JSON.stringify(a.params)}`);
  if (!apply && actions.length > 0) console.log('dry-run: set APPLY=1 to call AWS');
}
