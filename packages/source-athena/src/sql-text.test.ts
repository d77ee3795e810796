import { describe, expect, it } from 'vitest';
import { jsonPath, likePattern, sqlIdentifier, sqlString } from './sql-text';

describe('sqlString', () => {
  it('doubles quotes and leaves backslashes alone in plain literals', () => {
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
    expect(sqlString("'; DROP TABLE cloudtrail_logs; --")).toBe("'''; DROP TABLE cloudtrail_logs; --'");
    expect(sqlString('a\\b')).toBe("'a\\b'");
  });

  it('writes newlines, control characters and non-ASCII as U& escapes', () => {
    expect(sqlString('a\nb')).toBe("U&'a\\000ab'");
    expect(sqlString("é\\'")).toBe("U&'\\00e9\\\\'''");
    expect(sqlString('😀')).toBe("U&'\\+01f600'");
  });

  it('quotes identifiers', () => {
    expect(sqlIdentifier('timestamp')).toBe('"timestamp"');
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
  });

  it('escapes LIKE metacharacters and builds JSONPaths', () => {
    expect(likePattern('50%_off\\', true, false)).toBe('%50\\%\\_off\\\\');
    expect(jsonPath(['bucketName'])).toBe('$.bucketName');
    expect(jsonPath(['a b', 0, 'c"d'])).toBe('$["a b"][0]["c\\"d"]');
  });
});
