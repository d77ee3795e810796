import { defineConfig } from 'vitest/config';

/** Shared vitest settings: resolve workspace packages to their TypeScript sources (no build needed). */
export const base = defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test files share each worker's module graph (no per-file re-import of the workspace sources): there is
    // no global state to leak between files, and the CLI's suite imports every package
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The AWS SDK's own switch for its "Node 20 support ends" notice (trailkit does not hide it from users):
    // set for the test processes and the CLI children they spawn, so tests can assert a clean stderr.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
