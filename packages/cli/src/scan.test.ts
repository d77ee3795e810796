import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { badRecordsText, terminalWidth } from './scan';

const io = (stdout: CliIo['stdout'], env: Record<string, string> = {}): CliIo => ({
  stdout,
  stderr: { write: () => true },
  env,
});

describe('terminalWidth', () => {
  it('the terminal, else $COLUMNS, else none', () => {
    expect(terminalWidth(io({ write: () => true, isTTY: true, columns: 132 }, { COLUMNS: '80' }))).toBe(132);
    expect(terminalWidth(io({ write: () => true }, { COLUMNS: '80' }))).toBe(80);
    expect(terminalWidth(io({ write: () => true }, { COLUMNS: 'wide' }))).toBeUndefined();
    expect(terminalWidth(io({ write: () => true }))).toBeUndefined();
  });
});

describe('badRecordsText', () => {
  it('the kept records, then how many more there were', () => {
    expect(badRecordsText(['a: x (byte 1, record 0)'], 3)).toBe(
      '  a: x (byte 1, record 0)\n  … 2 more (--verbose for all)\n',
    );
    expect(badRecordsText(['a', 'b'], 2)).toBe('  a\n  b\n');
  });
});
