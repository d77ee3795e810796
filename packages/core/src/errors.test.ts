import { describe, expect, it } from 'vitest';
import { ConfigError, ParseError, SourceError, TrailkitError } from './errors';

class PluginSourceError extends SourceError {
  constructor() {
    super('PLUGIN_FAILED', 'plugin', 'obj-1', 'boom');
    this.name = 'PluginSourceError';
  }
}

describe('error classes', () => {
  it('isInstance follows the class hierarchy, not the name', () => {
    const e = new PluginSourceError();
    expect(SourceError.isInstance(e)).toBe(true);
    expect(TrailkitError.isInstance(e)).toBe(true);
    expect(ParseError.isInstance(e)).toBe(false);
    expect(e.message).toBe('source plugin (obj-1): boom');
  });

  it('isInstance works on an error from another copy of the package (no shared prototype)', () => {
    const foreign = Object.assign(new Error('x'), { code: 'CONFIG_INVALID' });
    Object.defineProperty(foreign, Symbol.for('trailkit.error.kinds'), {
      value: ['ConfigError', 'TrailkitError'],
    });
    expect(ConfigError.isInstance(foreign)).toBe(true);
    expect(SourceError.isInstance(foreign)).toBe(false);
    expect(TrailkitError.isInstance(new Error('plain'))).toBe(false);
    expect(TrailkitError.isInstance(null)).toBe(false);
  });

  it('ParseError names input, offset and record index', () => {
    const e = new ParseError('PARSE_TRUNCATED_JSON', 'input ends inside a record', {
      input: 'a.json',
      offset: 42,
      recordIndex: 3,
    });
    expect(e.message).toBe('a.json: input ends inside a record (byte 42, record 3)');
    expect(ParseError.isInstance(e)).toBe(true);
    expect(e.code).toBe('PARSE_TRUNCATED_JSON');
  });
});
