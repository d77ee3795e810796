/** The call itself → OCSF `api` (operation, service, request, response). */
import type { TrailEvent } from '@trailkit/core';
import type { OcsfApi } from './types';

/**
 * The API call of an event: `eventName` as `operation` (`Unknown` when the record has none, e.g. Insight
 * events), `eventSource` as `service.name`, `requestID` and `requestParameters` as `request`, `errorCode`,
 * `errorMessage` and `responseElements` as `response`, `apiVersion` as `version`. OCSF requires a request to
 * have a `uid`: without `requestID`, `requestParameters` stays in the unmapped data.
 */
export function apiOf(event: TrailEvent): OcsfApi {
  const api: OcsfApi = { operation: typeof event.eventName === 'string' ? event.eventName : 'Unknown' };
  if (typeof event.eventSource === 'string') api.service = { name: event.eventSource };
  if (typeof event.requestID === 'string') {
    api.request = { uid: event.requestID };
    if (event.requestParameters !== undefined && event.requestParameters !== null) {
      api.request.data = event.requestParameters;
    }
  }
  const response: NonNullable<OcsfApi['response']> = {};
  if (typeof event.errorCode === 'string') response.error = event.errorCode;
  if (typeof event.errorMessage === 'string') response.message = event.errorMessage;
  if (event.responseElements !== undefined && event.responseElements !== null) {
    response.data = event.responseElements;
  }
  if (Object.keys(response).length > 0) api.response = response;
  if (typeof event.apiVersion === 'string') api.version = event.apiVersion;
  return api;
}

/** Whether {@link apiOf} put the event's `requestParameters` in `api.request.data`. */
export function requestParametersMapped(event: TrailEvent): boolean {
  return typeof event.requestID === 'string';
}
