import { mergeConfig } from 'vitest/config';
import { base } from '../../vitest.base';

export default mergeConfig(base, {
  // the global setup runs in vitest's own process: it resolves workspace packages to their sources too
  environments: { __vitest__: { resolve: { conditions: ['source'] } } },
  test: { globalSetup: ['./test/global-setup.ts'] },
});
