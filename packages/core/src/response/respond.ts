import { ConfigError } from '../errors';
import type { ActionHandler } from './action-sink';

/**
 * Route findings to handlers by rule id: `respond({ 'threats.sg-open-to-world': revoke, ... })` returns a
 * single {@link ActionHandler} for `actionSink`. Findings of other rules go to `fallback`, or are ignored.
 */
export function respond(routes: Record<string, ActionHandler>, fallback?: ActionHandler): ActionHandler {
  if (typeof routes !== 'object' || routes === null)
    throw new ConfigError('respond', 'routes must be an object of rule id → handler');
  const table = new Map<string, ActionHandler>();
  for (const [ruleId, handler] of Object.entries(routes)) {
    if (typeof handler !== 'function')
      throw new ConfigError('respond', `the handler for rule \`${ruleId}\` is not a function`);
    table.set(ruleId, handler);
  }
  if (fallback !== undefined && typeof fallback !== 'function')
    throw new ConfigError('respond', '`fallback` must be a function');
  return (finding, ctx) => {
    const handler = table.get(finding.rule.id) ?? fallback;
    return handler ? handler(finding, ctx) : undefined;
  };
}
