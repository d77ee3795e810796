/**
 * Bundles the benchmark's child process and worker (`child.ts`, `worker.ts`, with the parser's TypeScript
 * sources inlined) into plain ESM files in `bench/.corpus/build/` (git-ignored, like the corpora), so that each measured process runs plain
 * JavaScript without loading tsx: its peak RSS is then the parser's, not the TypeScript loader's. The
 * libraries compared against stay external (loaded from node_modules, and only by the candidate that uses
 * them). esbuild is tsup's own dependency.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const BUILD_DIR = join(import.meta.dirname, '.corpus', 'build');

interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** Bundle `child.ts` and `worker.ts`; returns the path of the child entry. */
export async function bundleChild(): Promise<string> {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
  await esbuild.build({
    entryPoints: {
      child: join(import.meta.dirname, 'child.ts'),
      worker: join(import.meta.dirname, 'worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: BUILD_DIR,
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    logLevel: 'warning',
  });
  return join(BUILD_DIR, 'child.mjs');
}
