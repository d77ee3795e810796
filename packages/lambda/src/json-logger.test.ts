import { describe, expect, it } from 'vitest';
import { jsonLogger } from './json-logger';

describe('jsonLogger', () => {
  it('writes one JSON object per line, with child fields, errors as messages, below-level lines dropped', () => {
    const lines: string[] = [];
    const log = jsonLogger({ level: 'info', fields: { fn: 'worker' }, write: (l) => lines.push(l) });
    const child = log.child({ requestId: 'r-1' });
    child.debug('hidden');
    child.warn('item failed', { item: 'm-1', error: new Error('NoSuchKey') });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 'warn',
      message: 'item failed',
      fn: 'worker',
      requestId: 'r-1',
      error: 'NoSuchKey',
    });
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
  });
});
