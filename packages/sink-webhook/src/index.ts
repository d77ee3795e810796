/**
 * @trailkit/sink-webhook: POST CloudTrail events and findings as signed JSON batches to an HTTP endpoint,
 * with retries, backoff, idempotency keys and a dead-letter sink.
 * @packageDocumentation
 */
export { webhookSink } from './webhook-sink';
export type { WebhookSinkOptions } from './options';
export { SIGNATURE_HEADER, signPayload, verifySignature, type VerifySignatureOptions } from './sign';
export { WebhookDeliveryError, WebhookError, type WebhookErrorCode } from './errors';
