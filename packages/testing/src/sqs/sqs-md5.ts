import { createHash } from 'node:crypto';

/** A message attribute value as the JSON protocol carries it. */
export interface SqsMessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** Base64 in the JSON protocol. */
  BinaryValue?: string;
}

/** Hex MD5 of a message body (UTF-8), as SQS computes `MD5OfBody` / `MD5OfMessageBody`. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/**
 * Hex MD5 of message attributes, as SQS computes `MD5OfMessageAttributes`: for each attribute sorted by name,
 * the 4-byte big-endian length and bytes of the name, of the data type, a transport byte (1 string, 2 binary)
 * and the length and bytes of the value.
 */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttributeValue>): string {
  const hash = createHash('md5');
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    update(hash, Buffer.from(name, 'utf8'));
    update(hash, Buffer.from(value.DataType, 'utf8'));
    if (value.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      update(hash, Buffer.from(value.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      update(hash, Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function update(hash: ReturnType<typeof createHash>, bytes: Buffer): void {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}
