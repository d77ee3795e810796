import { describe, expect, it } from 'vitest';
import { lakeJoin, lakeList, lakeSql, lakeString, renderLakeSql, trustedLakeSql } from './lake-sql';

describe('lake SQL fragments', () => {
  it('renders every value as one escaped literal, never as SQL text', () => {
    const name = "x' OR 1=1 --";
    const where = lakeJoin(
      [lakeSql`eventName = ${name}`, lakeSql`eventSource IN ${lakeList(["a'b", 'c'])}`],
      ' AND ',
    );
    expect(renderLakeSql(where)).toBe("eventName = 'x'' OR 1=1 --' AND eventSource IN ('a''b', 'c')");
  });

  it('refuses trusted text that could hold a literal, a comment or a separator', () => {
    for (const text of ["a'", 'a;b', 'a -- b', 'a/*b', 'a?b', 'a\\b']) {
      expect(() => trustedLakeSql(text), text).toThrow(TypeError);
    }
    expect(renderLakeSql(trustedLakeSql('userIdentity.arn IN'))).toBe('userIdentity.arn IN');
  });

  it('refuses control characters in a value (no escape syntax is assumed)', () => {
    expect(() => lakeString('a\nb')).toThrow(TypeError);
    expect(lakeString('é ünïcode')).toBe("'é ünïcode'");
  });

  it('never takes a look-alike object for a fragment', () => {
    const fake = { text: ["'; DROP"], values: [] } as never;
    expect(() => lakeSql`a ${fake}`).toThrow(TypeError);
  });
});
