/**
 * @trailkit/audit: is the trail set up right? Posture checks of CloudTrail (CIS AWS Foundations v1.4
 * section 3, and what CIS leaves out: logging actually on, delivery errors, organization coverage,
 * retention), over the AWS APIs (`collectPosture`) or a CloudFormation template (`postureFromTemplate`).
 * @packageDocumentation
 */
export {
  type CheckContext,
  type CheckFinding,
  type CheckSeverity,
  type CheckStatus,
  isPublicStatement,
  isTlsOnlyStatement,
  POSTURE_CHECKS,
  type PostureCheck,
  SEVERITIES,
} from './checks';
export {
  type AuditClientFactory,
  type AuditClients,
  collectPosture,
  type CollectPostureOptions,
} from './collect-posture';
export { checksTable } from './checks-table';
export { AuditError, type AuditErrorCode } from './errors';
export { selectorCoverage } from './event-selectors';
export { formatAuditTable } from './format-report';
export { COLLECT_POSTURE_SCHEMA, RUN_AUDIT_SCHEMA } from './options';
export type {
  AccountPosture,
  BucketPosture,
  ConfigRecorderPosture,
  KeyPosture,
  PolicyDocument,
  PolicyStatement,
  TrailPosture,
} from './posture';
export {
  type AuditReport,
  type AuditResult,
  failuresAtOrAbove,
  type RunAuditOptions,
  runAudit,
} from './run-audit';
export { type CloudFormationTemplate, postureFromTemplate } from './template-posture';
