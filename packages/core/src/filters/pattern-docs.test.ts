import { describe, expect, it } from 'vitest';
import { PatternSyntaxError } from '../errors';
import { pattern } from './pattern';

/**
 * Conformance with AWS's own examples, written from the documentation (not from this implementation):
 *
 * - [UG] "Filter and Pattern Syntax", Amazon CloudWatch Logs User Guide, as published in
 *   awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md (latest revision,
 *   commit 5ae5c9ae): sections "Matching Terms in Log Events", "OR Pattern Matching", "Using Metric
 *   Filters to Extract Values from Space-Delimited Log Events".
 * - [FPS] "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live
 *   Tail" (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html): the regex and
 *   unstructured-term examples with their `[ERROR 4xx]` messages.
 * - [API] The `filterPattern` documentation of the Lightsail `GetContainerLog` API (the same language):
 *   `""`, `-ERROR`, `ERROR`, `ERROR Exception`, `?ERROR ?Exception`.
 * - [TMF] The `TestMetricFilter` API reference example ("To test a metric filter pattern on Apache
 *   access.log events") and the extracted-fields example of [UG].
 *
 * Each case lists the messages the documentation gives and which of them it says match.
 */
function matching(text: string, messages: readonly string[]): string[] {
  const p = pattern(text);
  return messages.filter((m) => p.testMessage(m));
}

describe('[UG] Matching Terms in Log Events', () => {
  const single = ['[ERROR] A fatal exception has occurred', 'Exiting with ERRORCODE: -1'];

  it('Example 1: the empty pattern matches all log events', () => {
    expect(matching('', [...single, 'anything at all'])).toEqual([...single, 'anything at all']);
  });

  it('Example 2: ERROR matches both messages (ERRORCODE contains the term)', () => {
    expect(matching('ERROR', single)).toEqual(single);
    expect(matching('ERROR', ['no such word here', 'error in lower case'])).toEqual([]);
  });

  it('Example 3: ERROR -Exiting excludes "Exiting with ERRORCODE: -1"', () => {
    expect(matching('ERROR -Exiting', single)).toEqual(['[ERROR] A fatal exception has occurred']);
  });

  it('Example 4: ERROR Exception needs both terms', () => {
    const messages = [
      '[ERROR] Caught IllegalArgumentException',
      '[ERROR] Unhandled Exception',
      '[ERROR] only',
    ];
    expect(matching('ERROR Exception', messages)).toEqual(messages.slice(0, 2));
  });

  it('Example 4: Failed to process the request needs all five terms', () => {
    const messages = [
      '[WARN] Failed to process the request',
      '[ERROR] Unable to continue: Failed to process the request',
      '[WARN] Failed to process',
    ];
    expect(matching('Failed to process the request', messages)).toEqual(messages.slice(0, 2));
  });
});

describe('[UG] OR Pattern Matching', () => {
  const lines = ['ERROR WARN message', 'ERROR message', 'WARN message'];

  it('text patterns: ERROR, ?ERROR ?WARN, ERROR WARN, ERROR -WARN', () => {
    expect(matching('ERROR', lines)).toEqual([lines[0], lines[1]]);
    expect(matching('?ERROR ?WARN', lines)).toEqual(lines);
    expect(matching('ERROR WARN', lines)).toEqual([lines[0]]);
    expect(matching('ERROR -WARN', lines)).toEqual([lines[1]]);
  });

  it('space-delimited: [w1=ERROR, w2] and [w1=ERROR || w1=WARN, w2]', () => {
    expect(matching('[w1=ERROR, w2]', lines)).toEqual([lines[1]]);
    expect(matching('[w1=ERROR || w1=WARN, w2]', lines)).toEqual([lines[1], lines[2]]);
    // The page goes on to say that [w1!=ERROR&&w1!=WARN, w2] matches line 1, which contradicts the two
    // examples above (line 1 has three words, and its first is ERROR); that sentence is not tested.
  });

  it('JSON: {$.foo = bar}, {$.foo = baz }, {$.foo = bar || $.foo = baz }', () => {
    const json = ['{"foo": "bar"}', '{"foo": "baz"}'];
    expect(matching('{$.foo = bar}', json)).toEqual([json[0]]);
    expect(matching('{$.foo = baz }', json)).toEqual([json[1]]);
    expect(matching('{$.foo = bar || $.foo = baz }', json)).toEqual(json);
  });
});

describe('[FPS] unstructured log events and regex terms', () => {
  const messages = [
    '[ERROR 400] BAD REQUEST',
    '[ERROR 401] UNAUTHORIZED REQUEST',
    '[ERROR 419] MISSING ARGUMENTS',
    '[ERROR 420] INVALID ARGUMENTS',
    '[ERROR 500] INTERNAL SERVER ERROR',
    '[SUCCESS 200] AUTHORIZED REQUEST',
  ];

  it('%AUTHORIZED% returns the UNAUTHORIZED and AUTHORIZED requests', () => {
    expect(matching('%AUTHORIZED%', messages)).toEqual([messages[1], messages[5]]);
  });

  it('ERROR returns every [ERROR ...] message', () => {
    expect(matching('ERROR', messages)).toEqual(messages.slice(0, 5));
  });

  it('filter patterns are case sensitive', () => {
    expect(matching('error', messages)).toEqual([]);
    expect(matching('%authorized%', messages)).toEqual([]);
  });

  it('an exact phrase in double quotation marks', () => {
    expect(matching('"INTERNAL SERVER ERROR"', messages)).toEqual([messages[4]]);
    // The words of the phrase in another order are not the phrase.
    expect(matching('"SERVER INTERNAL"', messages)).toEqual([]);
  });

  it('" " matches every log event', () => {
    expect(matching('" "', [...messages, 'nospace'])).toEqual([...messages, 'nospace']);
  });
});

describe('[API] filterPattern examples', () => {
  const messages = [
    'ERROR: disk full',
    'Exception in thread main',
    'ERROR Exception caught',
    'INFO all good',
  ];

  it('"" returns all log events', () => {
    expect(matching('', messages)).toEqual(messages);
  });
  it('-ERROR excludes the events that contain ERROR', () => {
    expect(matching('-ERROR', messages)).toEqual([messages[1], messages[3]]);
  });
  it('ERROR returns the events that contain ERROR', () => {
    expect(matching('ERROR', messages)).toEqual([messages[0], messages[2]]);
  });
  it('ERROR Exception returns the events that contain both', () => {
    expect(matching('ERROR Exception', messages)).toEqual([messages[2]]);
  });
  it('?ERROR ?Exception returns the events that contain either', () => {
    expect(matching('?ERROR ?Exception', messages)).toEqual(messages.slice(0, 3));
  });
});

describe('[UG] space-delimited log events', () => {
  const apache = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
  ];

  it('[ip, user, username, timestamp, request, status_code, bytes]: brackets and quotes make one field', () => {
    const p = pattern('[ip, user, username, timestamp, request, status_code, bytes]');
    expect(p.extract(apache[0]!)).toEqual({
      $ip: '127.0.0.1',
      $user: '-',
      $username: 'frank',
      $timestamp: '10/Oct/2000:13:25:15 -0700',
      $request: 'GET /apache_pb.gif HTTP/1.0',
      $status_code: '200',
      $bytes: '1534',
    });
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes]', apache)).toEqual(apache);
  });

  it('an ellipsis stands for any number of fields', () => {
    expect(matching('[..., status_code, bytes]', apache)).toEqual(apache);
    expect(matching('[ip, user, ..., status_code, bytes]', apache)).toEqual(apache);
    expect(matching('[ip, user, ...]', apache)).toEqual(apache);
    // Without one, the number of fields must be the pattern's.
    expect(matching('[ip, user, username]', apache)).toEqual([]);
  });

  it('conditions: bytes > 1000, status_code = 200, status_code = 4*, request = *html*', () => {
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes > 1000]', apache)).toEqual(
      apache,
    );
    expect(matching('[ip, user, username, timestamp, request, status_code, bytes > 5000]', apache)).toEqual([
      apache[1],
    ]);
    expect(matching('[ip, user, username, timestamp, request, status_code = 200, bytes]', apache)).toEqual([
      apache[0],
      apache[2],
    ]);
    const notFound = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    expect(
      matching('[ip, user, username, timestamp, request, status_code = 4*, bytes]', [...apache, notFound]),
    ).toEqual([notFound]);
    expect(
      matching('[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', [
        ...apache,
        notFound,
      ]),
    ).toEqual([notFound]);
  });

  it('|| within a field: status_code = 403 || status_code = 404', () => {
    const lines = [
      '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a HTTP/1.0" 403 10',
      '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /b HTTP/1.0" 404 10',
      '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /c HTTP/1.0" 405 10',
    ];
    expect(
      matching(
        '[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]',
        lines,
      ),
    ).toEqual(lines.slice(0, 2));
  });

  it('a condition naming two fields is refused, as CloudWatch Logs does (awsdocs user guide issue #21)', () => {
    expect(() =>
      pattern('[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]'),
    ).toThrow(PatternSyntaxError);
  });

  it('[TMF] extracted fields: [..., request=*.html*, status_code=4*,]', () => {
    // The page shows "$request": "GET /products/index.html HTTP/1.0" for an event whose request is
    // "GET /index.html HTTP/1.0" (and writes the event's quotes as \"): a typo; the event's text is used.
    const event = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    expect(pattern('[..., request=*.html*, status_code=4*,]').extract(event)).toEqual({
      $status_code: '404',
      $request: 'GET /index.html HTTP/1.0',
      $7: '1534',
      $4: '10/Oct/2000:13:25:15 -0700',
      $3: 'frank',
      $2: '-',
      $1: '127.0.0.1',
    });
    expect(pattern('[..., request=*.html*, status_code=4*,]').extract(apache[0]!)).toBeUndefined();
  });
});
