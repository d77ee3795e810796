/**
 * Bundles the benchmark's child (`child.ts`, with trailkit's TypeScript sources inlined: the `source`
 * condition) into plain ESM in `bench/.corpus/build/` with esbuild (tsup's own), so that the measured
 * processes run without tsx: tsx resolves and compiles modules through a worker thread, and modules the SDK
 * loads lazily during the run would be timed with it. The AWS SDK stays external (loaded from node_modules,
 * as a user's program loads it).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Bundle `child.ts` into `dir`; returns the path of the bundle. */
export async function bundleChild(dir: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
  await esbuild.build({
    entryPoints: { child: join(import.meta.dirname, 'child.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: ['@aws-sdk/*', '@smithy/*'],
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return join(dir, 'child.mjs');
}
