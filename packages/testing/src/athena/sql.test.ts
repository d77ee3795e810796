import { describe, expect, it } from 'vitest';
import { recordToRow } from './cloudtrail-table';
import { evaluate, jsonExtractScalar, keeps } from './sql-evaluator';
import { SqlSyntaxError, parseParameter, parseSelect } from './sql-parser';

const row = recordToRow({
  eventTime: '2023-07-10T11:54:38Z',
  eventName: "O'Brien\nx",
  awsRegion: 'us-east-1',
  recipientAccountId: '123837392027',
  userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { userName: 'admin' } } },
  requestParameters: { bucketName: 'prod-logs', n: 3, list: [1, 2] },
  readOnly: true,
});

const where = (sql: string, params: Array<string | number | boolean | null> = []) =>
  keeps(parseSelect(`SELECT * FROM t WHERE ${sql}`), row, params);

describe('SQL subset', () => {
  it('reads literals: doubled quotes, U& escapes, parameters', () => {
    expect(where(`eventname = 'O''Brien\nx'`)).toBe(true);
    expect(where(`eventname = U&'O''Brien\\000ax'`)).toBe(true);
    expect(where('eventname = ?', ["O'Brien\nx"])).toBe(true);
    expect(parseParameter("'a''b'")).toBe("a'b");
    expect(parseParameter(`U&'\\+01f600'`)).toBe('😀');
    expect(() => parseParameter("'a' OR 1=1")).toThrow(SqlSyntaxError);
  });

  it('evaluates struct fields, partitions, IN, LIKE with ESCAPE, BETWEEN and functions', () => {
    expect(where(`useridentity.sessioncontext.sessionissuer.username = 'admin'`)).toBe(true);
    expect(where(`useridentity.sessioncontext.attributes IS NULL`)).toBe(true);
    expect(
      where(`"timestamp" BETWEEN '2023/07/10' AND '2023/07/10' AND account IN ('1', '123837392027')`),
    ).toBe(true);
    expect(where(`awsregion LIKE 'us-%'`)).toBe(true);
    expect(where(`awsregion LIKE 'us\\_%' ESCAPE '\\'`)).toBe(false);
    expect(where(`json_extract_scalar(requestparameters, '$.bucketName') LIKE 'prod%'`)).toBe(true);
    expect(where(`json_extract_scalar(requestparameters, '$.n') = '3'`)).toBe(true);
    expect(where(`readonly = 'true' AND lower(awsregion) = 'us-east-1'`)).toBe(true);
    expect(where(`coalesce(errorcode, 'none') = 'none'`)).toBe(true);
  });

  it('follows SQL NULL logic', () => {
    expect(where(`errorcode = 'x'`)).toBe(false);
    expect(where(`NOT errorcode = 'x'`)).toBe(false);
    expect(where(`errorcode <> 'x' OR awsregion = 'us-east-1'`)).toBe(true);
    expect(where(`errorcode IS NULL OR NOT errorcode = 'x'`)).toBe(true);
    expect(
      evaluate(parseSelect(`SELECT * FROM t WHERE errorcode IN ('a', NULL)`).where!, row, []),
    ).toBeNull();
  });

  it('extracts JSON scalars only', () => {
    expect(jsonExtractScalar('{"a":{"b":"c"}}', '$.a.b')).toBe('c');
    expect(jsonExtractScalar('{"a b":[1,{"c":true}]}', '$["a b"][1].c')).toBe('true');
    expect(jsonExtractScalar('{"a":{"b":"c"}}', '$.a')).toBeNull();
    expect(jsonExtractScalar('not json', '$.a')).toBeNull();
  });

  it('reports syntax and semantic errors with positions', () => {
    expect(() => parseSelect('SELECT * FROM t WHERE')).toThrow(/line 1:22: mismatched input '<EOF>'/);
    expect(() => parseSelect("SELECT * FROM t WHERE a = 'x")).toThrow(/unterminated/);
    expect(() => where('nosuchcolumn = 1')).toThrow(/Column 'nosuchcolumn' cannot be resolved/);
    expect(() => where(`eventname = 1`)).toThrow(/Cannot apply operator/);
  });

  it('parses ORDER BY, LIMIT and qualified tables', () => {
    expect(
      parseSelect(
        'SELECT eventid AS id, "timestamp" FROM awsdatacatalog.security.t ORDER BY eventtime DESC, eventid LIMIT 5;',
      ),
    ).toMatchObject({
      from: { database: 'security', table: 't' },
      orderBy: [{ descending: true }, { descending: false }],
      limit: 5,
      columns: [{ name: 'id' }, { name: 'timestamp' }],
    });
  });
});
