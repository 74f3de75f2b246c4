import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import { SaliencyError } from '../errors.js';
import type { PluginPackage } from '../manifest.js';
import type { PluginOrigin } from '../di/registry-entry.js';

/** A plugin package found in a project's node_modules, with where it came from. */
export interface DiscoveredPackage {
  readonly name: string;
  readonly version: string;
  readonly packageDir: string;
  /** The `saliency.plugin` subpath, resolved through the package's exports. */
  readonly entry: string;
  readonly plugin: PluginPackage;
  readonly origin: PluginOrigin;
}

export interface DiscoverOptions {
  /** The project root: its package.json lists the dependencies that may be loaded. */
  readonly root: string;
  /** Also accept packages that are only devDependencies (default true). */
  readonly includeDev?: boolean;
}

const SUPPORTED_API = 1;
const cache = new Map<string, Promise<DiscoveredPackage[]>>();

/**
 * Finds installed plugin packages: `node_modules/<name>/package.json` or `node_modules/@scope/<name>/package.json`
 * with a `saliency` field of a supported `apiVersion`, that the root package.json depends on **directly**
 * (hoisted transitive packages are ignored), then imports only their declared plugin entry. Nothing outside
 * `root/node_modules` is scanned; results are cached per root.
 */
export function discoverPlugins(options: DiscoverOptions): Promise<DiscoveredPackage[]> {
  const root = resolve(options.root);
  const key = `${root}\0${options.includeDev ?? true}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = discover(root, options.includeDev ?? true);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/** Forgets cached discovery results (tests; long-lived processes after an install). */
export function clearDiscoveryCache(): void {
  cache.clear();
}

async function discover(root: string, includeDev: boolean): Promise<DiscoveredPackage[]> {
  const rootPkgPath = join(root, 'package.json');
  let rootPkg: Record<string, unknown>;
  try {
    rootPkg = JSON.parse(await readFile(rootPkgPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new SaliencyError('SALIENCY_PLUGIN_LOAD_FAILED', `Plugin discovery: cannot read ${rootPkgPath}: ${(e as Error).message}`, undefined, { cause: e });
  }
  const direct = new Set([
    ...Object.keys((rootPkg.dependencies as object) ?? {}),
    ...Object.keys((rootPkg.optionalDependencies as object) ?? {}),
    ...(includeDev ? Object.keys((rootPkg.devDependencies as object) ?? {}) : []),
  ]);
  const nm = join(root, 'node_modules');
  const manifests = await fg(['*/package.json', '@*/*/package.json'], { cwd: nm, deep: 3, followSymbolicLinks: true, onlyFiles: true });
  manifests.sort();
  const found: DiscoveredPackage[] = [];
  for (const rel of manifests) {
    const pkgJsonPath = join(nm, rel);
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(await readFile(pkgJsonPath, 'utf8')) as Record<string, unknown>;
    } catch {
      continue; // a broken unrelated package must not stop discovery
    }
    const name = pkg.name as string;
    const field = pkg.saliency as { apiVersion?: unknown; plugin?: unknown } | undefined;
    if (!field || typeof field !== 'object' || !direct.has(name)) continue;
    const packageDir = dirname(pkgJsonPath);
    if (field.apiVersion !== SUPPORTED_API) {
      throw new SaliencyError('SALIENCY_INVALID_PLUGIN_PACKAGE', `Plugin package ${name} (${packageDir}) declares saliency.apiVersion ${JSON.stringify(field.apiVersion)}; this core supports ${SUPPORTED_API}`);
    }
    if (typeof field.plugin !== 'string' || !field.plugin.startsWith('./')) {
      throw new SaliencyError('SALIENCY_INVALID_PLUGIN_PACKAGE', `Plugin package ${name} (${packageDir}): saliency.plugin must be a "./subpath" export (got ${JSON.stringify(field.plugin)})`);
    }
    const specifier = field.plugin === './' ? '.' : field.plugin;
    let entry: string;
    try {
      entry = resolveExport(realpathSync(packageDir), pkg, specifier);
    } catch (e) {
      throw new SaliencyError('SALIENCY_PLUGIN_LOAD_FAILED', `Plugin package ${name}: cannot resolve its plugin entry "${specifier}": ${(e as Error).message}`, undefined, { cause: e });
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    } catch (e) {
      throw new SaliencyError('SALIENCY_PLUGIN_LOAD_FAILED', `Plugin package ${name}: importing ${entry} failed: ${(e as Error).message}`, undefined, { cause: e });
    }
    const plugin = (mod.plugin ?? mod.default) as PluginPackage;
    found.push({ name, version: String(pkg.version ?? '0.0.0'), packageDir, entry, plugin, origin: { type: 'discovered', packageDir, entry } });
  }
  return found;
}

/** Conditions this process resolves with: any `--conditions`/`-C` given to Node, then Node's own for `import`. */
function activeConditions(): string[] {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const user: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--conditions=')) user.push(a.slice('--conditions='.length));
    else if ((a === '--conditions' || a === '-C') && args[i + 1]) user.push(args[++i]!);
  }
  return [...user, 'import', 'node', 'default'];
}

function pickTarget(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickTarget(t, conditions);
      if (r) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [cond, sub] of Object.entries(target)) {
      if (conditions.includes(cond)) {
        const r = pickTarget(sub, conditions);
        if (r) return r;
      }
    }
  }
  return undefined;
}

/**
 * Resolves `./subpath` through the package's `exports` map (the ESM way, with this process's conditions), so
 * only what the package declares can be loaded; falls back to the path itself for packages without `exports`.
 */
function resolveExport(packageDir: string, pkg: Record<string, unknown>, subpath: string): string {
  const exportsField = pkg.exports as unknown;
  let target: string | undefined;
  if (exportsField === undefined) {
    target = subpath;
  } else {
    const map = typeof exportsField === 'string' || Array.isArray(exportsField) || !Object.keys(exportsField as object).some((k) => k.startsWith('.'))
      ? { '.': exportsField }
      : (exportsField as Record<string, unknown>);
    if (!(subpath in map)) throw new Error(`the package does not export "${subpath}"`);
    target = pickTarget(map[subpath], activeConditions());
    if (!target) throw new Error(`no export condition of "${subpath}" matches ${activeConditions().join(', ')}`);
  }
  const full = resolve(packageDir, target);
  // With the separator: `node_modules/esc` must not reach into `node_modules/escape`.
  if (!full.startsWith(packageDir + sep)) throw new Error(`"${subpath}" points outside the package`);
  return full;
}
