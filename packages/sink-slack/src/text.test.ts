import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, truncate } from './text';

describe('escapeMrkdwn', () => {
  it('escapes &, < and >', () => {
    expect(escapeMrkdwn('a<b>&c <!channel>')).toBe('a&lt;b&gt;&amp;c &lt;!channel&gt;');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text to max with an ellipsis', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('hello world', 8)).toHaveLength(8);
  });
  it('never splits a surrogate pair or an entity', () => {
    const t = truncate('ab😀cd', 4);
    expect(t).toBe('ab…');
    expect(truncate('x &amp; y', 5)).toBe('x …');
  });
});
