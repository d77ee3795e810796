/**
 * @trailkit/source-cloudtrail: read CloudTrail events from the CloudTrail API itself: event history
 * (`LookupEvents`, every region at once, within its rate limit) and CloudTrail Lake (SQL on an event data
 * store, with filter pushdown).
 * @packageDocumentation
 */
export {
  lookupEventsSource,
  type LookupEventsPosition,
  type LookupEventsSourceOptions,
  type LookupRegionPosition,
} from './lookup-events-source';
export type { LookupAttribute, LookupAttributeKey } from './lookup-attribute';
export type { CloudTrailFilters } from './filters';
export { CloudTrailSourceError, type CloudTrailSourceErrorCode } from './errors';
export { CLOUDTRAIL_LAKE_SOURCE_SCHEMA, LOOKUP_EVENTS_SOURCE_SCHEMA } from './options';
export {
  cloudTrailLakeSource,
  type CloudTrailLakePosition,
  type CloudTrailLakeSourceOptions,
} from './cloudtrail-lake-source';
export { lakeStatement } from './lake-query';
export { enabledRegions, type EnabledRegionsOptions } from './enabled-regions';
