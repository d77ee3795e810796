import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start the worker script: a file, or (from the TypeScript sources) a bootstrap evaluated as code. */
export type WorkerEntry = { url: URL } | { code: string };

/**
 * The pipeline worker's script: `pipeline-worker.js` beside the built package (or `.mjs` beside a bundle
 * that includes it); from the TypeScript sources (tests, benchmarks), `pipeline-worker.ts` imported
 * through `tsx`. Undefined when none is found (the run then stays on one thread).
 */
export function findWorkerEntry(base: string = import.meta.url): WorkerEntry | undefined {
  for (const name of ['pipeline-worker.js', 'pipeline-worker.mjs']) {
    const url = new URL(`./${name}`, base);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  const ts = new URL('./pipeline-worker.ts', base);
  if (!existsSync(fileURLToPath(ts))) return undefined;
  let api: string;
  try {
    // the ESM build of tsx's API (resolving through `require` names its CommonJS twin)
    api = pathToFileURL(
      createRequire(base)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  } catch {
    return undefined;
  }
  // a worker's `--import` hooks do not apply to its own entry on Node 20: import it through tsx's API
  const code = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(ts.href)}, ${JSON.stringify(ts.href)})).catch((e) => { setImmediate(() => { throw e; }); });`;
  return { code };
}
