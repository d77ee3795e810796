import { mergeConfig } from 'vitest/config';
import { base } from '../../vitest.base';

// aws-cdk-lib is loaded by Node itself (externalized), not through vite's module runner: much faster.
export default mergeConfig(base, { test: { server: { deps: { external: [/aws-cdk-lib/, /constructs/] } } } });
