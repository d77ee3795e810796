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

/**
 * Bundle the tree benchmark's processes (`tree-child.ts`, `tree-worker.ts`, `tree-pool-worker.ts`, the
 * pipeline's worker, and `tree-scan.ts`, the CLI
 * with every workspace package and dependency inlined from their TypeScript sources, as a published build
 * would hold them); returns their paths.
 */
export async function bundleTree(): Promise<{ child: string; scan: string }> {
  const require = createRequire(import.meta.url);
  const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
  await esbuild.build({
    entryPoints: {
      'tree-child': join(import.meta.dirname, 'tree-child.ts'),
      'tree-worker': join(import.meta.dirname, 'tree-worker.ts'),
      'tree-scan': join(import.meta.dirname, 'tree-scan.ts'),
      'tree-pool-worker': join(import.meta.dirname, 'tree-pool-worker.ts'),
      // found by the pipeline beside the bundles that use it (`workers`)
      'pipeline-worker': join(import.meta.dirname, '../src/pipeline/workers/pipeline-worker.ts'),
    },
    // the pools compared with `node:worker_threads` start their own worker scripts from their packages
    // (and the DuckDB source, with its native module, which the CLI imports only for duckdb:// inputs)
    external: ['piscina', 'tinypool', '@trailkit/source-duckdb'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    outdir: BUILD_DIR,
    outExtension: { '.js': '.mjs' },
    // CommonJS dependencies inside an ES module bundle call require()
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return { child: join(BUILD_DIR, 'tree-child.mjs'), scan: join(BUILD_DIR, 'tree-scan.mjs') };
}
