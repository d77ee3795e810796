import { attackFromTags } from './attack';
import { type AnomalyOptions, anomalyDetector } from './anomaly-detector';
import { type ConsoleLoginBurstOptions, consoleLoginBurstDetector } from './console-login-burst-detector';
import { thresholdDetector } from './threshold-detector';
import type { Detector } from './types';

/** Options of {@link defaultDetectors}. */
export interface DefaultDetectorsOptions {
  /** Failed calls (AccessDenied / *UnauthorizedOperation) by one principal in 5 minutes (default 10). */
  accessDeniedThreshold?: number;
  /** Failed console sign-ins from one IP address in 5 minutes (default 5). */
  loginFailureThreshold?: number;
  /** Options of the failures-then-success detector. */
  consoleLoginBurst?: ConsoleLoginBurstOptions;
  /** Options of the API rate anomaly detector, or `false` to leave it out. */
  anomaly?: AnomalyOptions | false;
}

/**
 * The built-in stateful detectors (new instances, with their own state, on each call):
 * - `threats.access-denied-burst`: >= 10 AccessDenied / *UnauthorizedOperation errors from one principal
 *   within 5 minutes (reconnaissance with stolen credentials);
 * - `threats.console-login-failures`: >= 5 failed console sign-ins from one IP within 5 minutes;
 * - `threats.console-login-after-failures`: failed sign-ins then a success for the same user;
 * - `threats.api-call-rate-anomaly`: per-API call/error rate far above its moving baseline.
 */
export function defaultDetectors(options: DefaultDetectorsOptions = {}): Detector[] {
  const detectors: Detector[] = [
    thresholdDetector({
      id: 'threats.access-denied-burst',
      title: 'Burst of access-denied errors',
      severity: 'medium',
      description: 'Many AccessDenied or UnauthorizedOperation errors from one principal in a short time.',
      tags: ['threats', 'attack:T1580', 'attack:T1078'],
      attack: attackFromTags(['attack:T1580', 'attack:T1078'])!,
      source: 'threats',
      match: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
      threshold: options.accessDeniedThreshold ?? 10,
      windowSeconds: 300,
      groupBy: 'principal',
    }),
    thresholdDetector({
      id: 'threats.console-login-failures',
      title: 'Repeated console sign-in failures',
      severity: 'medium',
      description: 'Many failed console sign-ins from one IP address in a short time (guessing or spraying).',
      tags: ['threats', 'attack:T1110'],
      attack: attackFromTags(['attack:T1110'])!,
      source: 'threats',
      match: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
      threshold: options.loginFailureThreshold ?? 5,
      windowSeconds: 300,
      groupBy: 'sourceIPAddress',
    }),
    consoleLoginBurstDetector(options.consoleLoginBurst),
  ];
  if (options.anomaly !== false) detectors.push(anomalyDetector(options.anomaly ?? {}));
  return detectors;
}
