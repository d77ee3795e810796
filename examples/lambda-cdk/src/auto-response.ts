/**
 * Lambda handler (b): automated response. An EventBridge rule sends CloudTrail API calls here seconds after
 * they happen; examples/auto-remediate's rules and actions run on the record: revoke a security group rule
 * opened to the world, deactivate an access key used from outside the allowed networks. **Dry-run unless
 * APPLY=1**: it logs what it would call. Deployed by `AutoResponseStack`.
 *
 * Environment: APPLY (`1` to call AWS), ALLOWED_CIDRS (comma-separated; default RFC 1918).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import { actionSink, pipeline, threatRules } from '@trailkit/core';
import { DEFAULT_ALLOWED } from '@trailkit-examples/auto-remediate/src/main';
import type { PlannedAction } from '@trailkit-examples/auto-remediate/src/plan';
import { remediation } from '@trailkit-examples/auto-remediate/src/remediate';
import { accessKeyOutsideNetworks, SG_OPEN_RULE_ID } from '@trailkit-examples/auto-remediate/src/rules';
import { type EventBridgeLambdaHandler, eventBridgeHandler, jsonLogger, keepOpen } from '@trailkit/lambda';

/** What the handler needs besides its environment (tests inject local clients and watch the actions). */
export interface AutoResponseDeps {
  iam?: IAMClient;
  ec2?: (region: string) => EC2Client;
  onAction?: (action: PlannedAction & { applied: boolean; findingId: string }) => void;
  log?: ReturnType<typeof jsonLogger>;
}

/** Build the handler from an environment: once per container, at module scope. */
export function autoResponse(
  env: Record<string, string | undefined>,
  deps: AutoResponseDeps = {},
): EventBridgeLambdaHandler {
  const log = deps.log ?? jsonLogger();
  const sgRule = threatRules().find((r) => r.id === SG_OPEN_RULE_ID);
  if (!sgRule) throw new Error(`rule ${SG_OPEN_RULE_ID} not found`);
  const allowed = env.ALLOWED_CIDRS ? env.ALLOWED_CIDRS.split(',') : DEFAULT_ALLOWED;
  const respond = remediation({
    apply: env.APPLY === '1',
    iam: deps.iam,
    ec2: deps.ec2,
    onAction: deps.onAction,
  });
  const work = pipeline()
    .detect([sgRule, accessKeyOutsideNetworks(allowed)])
    .to(keepOpen(actionSink(respond, { name: 'auto-remediate', concurrency: 2, log })));
  return eventBridgeHandler({ pipeline: work, retry: { attempts: 3 }, log });
}

/** The Lambda entry point (`index.handler`). */
export const handler = autoResponse(process.env);
