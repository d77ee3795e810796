import { REPORT_FORMATS as LIBRARY_FORMATS } from '@trailkit/report';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../src/report';

describe('trailkit report --format', () => {
  it("offers exactly the report library's formats (named in the CLI so that its start does not load the renderer)", () => {
    expect([...REPORT_FORMATS]).toEqual([...LIBRARY_FORMATS]);
  });
});
