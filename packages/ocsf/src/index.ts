/**
 * @trailkit/ocsf: CloudTrail events as OCSF 1.5.0 API Activity records (class_uid 6003) and trailkit
 * findings as OCSF Detection Finding records (class_uid 2004), following the OCSF schema's published
 * CloudTrail mapping.
 * @packageDocumentation
 */
export { toApiActivity, API_ACTIVITY } from './api-activity';
export { toDetectionFinding, DETECTION_FINDING } from './detection-finding';
export { ocsfMapper, isFinding, type OcsfMapper, type OcsfRecord } from './ocsf-mapper';
export { activityOf, ACTIVITY_VERBS, type Activity } from './activity';
export { attacksOf, TACTICS } from './attacks';
export { SEVERITY_IDS } from './severity';
export { OCSF_OPTIONS, type OcsfOptions } from './options';
export { OcsfMappingError, type OcsfMappingErrorCode } from './errors';
export { OCSF_FINDING_PROFILES, OCSF_PROFILES, OCSF_VERSION } from './version';
export type {
  OcsfAccount,
  OcsfActor,
  OcsfApi,
  OcsfApiActivity,
  OcsfAttack,
  OcsfBase,
  OcsfCloud,
  OcsfDetectionFinding,
  OcsfEndpoint,
  OcsfEvidence,
  OcsfFindingInfo,
  OcsfIdp,
  OcsfMetadata,
  OcsfObservable,
  OcsfResource,
  OcsfSession,
  OcsfUser,
} from './types';
