/**
 * @trailkit/sink-webhook: POST CloudTrail events and findings as signed JSON batches to an HTTP endpoint,
 * with idempotency keys; the pipeline retries and dead-letters what a request could not deliver.
 * @packageDocumentation
 */
export { webhookSink } from './webhook-sink';
export type { WebhookSinkOptions } from './options';
export { SIGNATURE_HEADER, signPayload, verifySignature, type VerifySignatureOptions } from './sign';
export { WebhookDeliveryError, WebhookError, type WebhookErrorCode } from './errors';
