/**
 * Bundle a TypeScript script into one plain ES module, so that a test can run it as a child process many times
 * (under {@link killAndResume}, say) without a TypeScript loader: each start then costs what the published
 * code's start costs, not a loader's.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Loader, type Plugin } from 'esbuild';

/** Options of {@link bundleScript}. */
export interface BundleScriptOptions {
  /** Folder for the bundle (default: a new folder under the system temp folder). */
  outDir?: string;
  /**
   * Package scopes inlined from their sources (resolved with the `source` export condition), e.g. the
   * workspace's own packages. Default `['@trailkit/']`. Every other package stays an import of its installed
   * file, by absolute path, so it resolves from the bundle's folder as it did from the script's. In the
   * inlined files, `import.meta.url`, `import.meta.dirname` and `import.meta.filename` keep naming the source
   * file, so paths relative to it (fixtures, samples) still work.
   */
  inline?: readonly string[];
  /** Export conditions to resolve with (default `['source']`). */
  conditions?: readonly string[];
}

/**
 * Bundle `entry` (a `.ts` or `.js` file) and return the path of the `.mjs` bundle.
 *
 * @example
 * ```ts
 * const script = await bundleScript(fileURLToPath(new URL('./scripts/pipeline.ts', import.meta.url)));
 * const runs = await killAndResume({ execPath: process.execPath, args: [script, 'ck.json'] }, plan);
 * ```
 */
export async function bundleScript(entry: string, options: BundleScriptOptions = {}): Promise<string> {
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'trailkit-bundle-'));
  const inline = options.inline ?? ['@trailkit/'];
  await build({
    entryPoints: { script: entry },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: [...(options.conditions ?? ['source'])],
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    plugins: [installedByPath(inline), ownLocation()],
    logLevel: 'warning',
  });
  return join(outDir, 'script.mjs');
}

/** Leave installed packages out of the bundle, imported by the absolute path they resolve to. */
function installedByPath(inline: readonly string[]): Plugin {
  return {
    name: 'installed-by-path',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.inner || args.path.startsWith('node:')) return undefined;
        if (inline.some((scope) => args.path.startsWith(scope))) return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { inner: true },
        });
        if (resolved.errors.length > 0 || !resolved.path.includes('node_modules')) return undefined;
        return { path: resolved.path, external: true };
      });
    },
  };
}

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
};

/** In inlined sources, `import.meta.url`/`dirname`/`filename` name the source file, not the bundle. */
function ownLocation(): Plugin {
  return {
    name: 'own-location',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const loader = LOADERS[extname(args.path)];
        if (!loader) return undefined;
        const contents = readFileSync(args.path, 'utf8')
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}
