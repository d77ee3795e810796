/**
 * Bundle the two handlers for Lambda: one minified ESM file each (`dist/<name>/index.mjs`), the AWS SDK
 * included, with a source map. The recipe of packages/lambda's README.
 */
import { build } from 'esbuild';

for (const name of ['trail-worker', 'auto-response']) {
  const result = await build({
    entryPoints: [new URL(`./${name}.ts`, import.meta.url).pathname],
    outfile: new URL(`../dist/${name}/index.mjs`, import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    conditions: ['source'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'error',
  });
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .reduce((n, [, o]) => n + o.bytes, 0);
  console.log(`dist/${name}/index.mjs: ${(bytes / 1024).toFixed(0)} KiB`);
}
