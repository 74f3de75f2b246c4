// tsyringe throws at import unless a Reflect metadata polyfill is loaded first; this is core's one side effect.
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { SaliencyError, nearestNames } from '../errors.js';
import {
  ID_PATTERN,
  NAMESPACE_PATTERN,
  PLUGIN_KINDS,
  qualify,
  type AnyManifest,
  type PluginDeps,
  type PluginKind,
  type PluginPackage,
} from '../manifest.js';
import { compileOptionsSchema, resolveOptions } from '../options/validate.js';
import type { PluginOrigin, RegisteredPlugin } from './registry-entry.js';
import { Tokens, type Token } from './tokens.js';

const KIND_TOKENS: Record<PluginKind, Token<RegisteredPlugin>> = {
  'saliency-method': Tokens.SaliencyMethod,
  'contrast-selector': Tokens.ContrastSelector,
  metric: Tokens.Metric,
  'model-adapter': Tokens.ModelAdapter,
  'dataset-source': Tokens.DatasetSource,
};

type ManifestOf<K extends PluginKind> = Extract<AnyManifest, { kind: K }>;
type InstanceOf<K extends PluginKind> = Awaited<ReturnType<ManifestOf<K>['create']>>;

/** A plugin reference in a config: `'cam/grad-cam'` or `['cam/grad-cam', {options}]`. */
export type PluginRef = string | readonly [string, Record<string, unknown>?];

export interface RegisterOptions {
  readonly origin?: PluginOrigin;
  /** Replace plugins with the same qualified id instead of failing. */
  readonly override?: boolean;
}

/**
 * The plugin registry: manifests registered as values in a tsyringe child container, one multi-registration
 * per kind. Each registry is isolated (tests, library users); nothing registers at import time.
 */
export class PluginRegistry {
  readonly container: DependencyContainer;
  private readonly byId = new Map<string, RegisteredPlugin>();

  constructor(parent: DependencyContainer = rootContainer) {
    this.container = parent.createChildContainer();
  }

  /** Validates and registers a whole plugin package. Fails atomically: nothing is registered on error. */
  register(pkg: PluginPackage, options: RegisterOptions = {}): RegisteredPlugin[] {
    const entries = validatePackage(pkg, options.origin ?? { type: 'explicit' });
    for (const e of entries) {
      const existing = this.byId.get(e.qualifiedId);
      if (existing && !options.override) {
        throw new SaliencyError(
          'SALIENCY_DUPLICATE_PLUGIN',
          `Plugin "${e.qualifiedId}" from ${e.packageName} is already registered by ${existing.packageName}${originText(existing.origin)}`,
          { id: e.qualifiedId },
        );
      }
    }
    for (const e of entries) {
      this.byId.set(e.qualifiedId, e);
    }
    this.rebuildKindTokens();
    return entries;
  }

  private rebuildKindTokens(): void {
    // tsyringe has no "remove one registration", so kind tokens are re-registered from the id map.
    this.container.reset();
    for (const e of this.byId.values()) this.container.register(KIND_TOKENS[e.kind], { useValue: e });
  }

  /** Every registered plugin, sorted by qualified id, optionally of one kind. */
  list(kind?: PluginKind): RegisteredPlugin[] {
    const all: RegisteredPlugin[] = kind
      ? this.container.isRegistered(KIND_TOKENS[kind])
        ? this.container.resolveAll<RegisteredPlugin>(KIND_TOKENS[kind])
        : []
      : [...this.byId.values()];
    return [...all].sort((a, b) => a.qualifiedId.localeCompare(b.qualifiedId));
  }

  has(kind: PluginKind, id: string): boolean {
    return this.byId.get(id)?.kind === kind;
  }

  /** The registered plugin of `kind` with qualified id `id`; `SALIENCY_UNKNOWN_PLUGIN` with a hint otherwise. */
  get<K extends PluginKind>(kind: K, id: string): RegisteredPlugin<ManifestOf<K>> {
    const e = this.byId.get(id);
    if (e && e.kind === kind) return e as RegisteredPlugin<ManifestOf<K>>;
    const candidates = this.list(kind).map((p) => p.qualifiedId);
    // An unqualified id that matches exactly one plugin is a common slip: name it.
    const bySuffix = candidates.filter((c) => c.endsWith(`/${id}`));
    const hints = bySuffix.length ? bySuffix : nearestNames(id, candidates, 2);
    const hint = hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?` : candidates.length ? '' : ' (none of this kind is registered)';
    const other = e ? ` ("${id}" is a ${e.kind}, not a ${kind})` : '';
    throw new SaliencyError('SALIENCY_UNKNOWN_PLUGIN', `Unknown ${kind} "${id}"${other}${hint}`, { id, kind, hints });
  }

  /** Resolves options (defaults merged, validated, frozen) and creates the plugin's instance. */
  async create<K extends PluginKind>(kind: K, ref: PluginRef, deps: PluginDeps): Promise<InstanceOf<K>> {
    const [id, user] = typeof ref === 'string' ? [ref, undefined] : [ref[0], ref[1]];
    const entry = this.get(kind, id);
    const options = resolveOptions<object>(entry.manifest, entry.qualifiedId, user);
    return (await (entry.manifest.create as (o: object, d: PluginDeps) => unknown)(options, deps)) as InstanceOf<K>;
  }

  /** The options a plugin would run with (defaults merged, validated, frozen), for reports. */
  optionsFor(kind: PluginKind, ref: PluginRef): Readonly<Record<string, unknown>> {
    const [id, user] = typeof ref === 'string' ? [ref, undefined] : [ref[0], ref[1]];
    const entry = this.get(kind, id);
    return resolveOptions(entry.manifest, entry.qualifiedId, user);
  }
}

function originText(o: PluginOrigin): string {
  return o.type === 'discovered' ? ` (${o.packageDir})` : '';
}

/** Checks a plugin package's shape, every manifest and every options schema; returns the registry entries. */
export function validatePackage(pkg: unknown, origin: PluginOrigin): RegisteredPlugin[] {
  const where = origin.type === 'discovered' ? ` (${origin.packageDir})` : '';
  const bad = (msg: string): never => {
    throw new SaliencyError('SALIENCY_INVALID_PLUGIN_PACKAGE', `Plugin package${where}: ${msg}`);
  };
  if (!pkg || typeof pkg !== 'object') bad('the plugin export must be an object {meta, plugins}');
  const { meta, plugins } = pkg as PluginPackage;
  if (!meta || typeof meta !== 'object') bad('missing "meta" {name, version, namespace, apiVersion}');
  if (typeof meta.name !== 'string' || !meta.name) bad('meta.name must be the npm package name');
  if (typeof meta.version !== 'string') bad(`meta.version must be a string (package ${meta.name})`);
  if (meta.apiVersion !== 1) bad(`${meta.name}: meta.apiVersion must be 1 (got ${JSON.stringify(meta.apiVersion)})`);
  if (typeof meta.namespace !== 'string' || !NAMESPACE_PATTERN.test(meta.namespace)) {
    bad(`${meta.name}: meta.namespace must be kebab-case (got ${JSON.stringify(meta.namespace)})`);
  }
  if (!Array.isArray(plugins)) bad(`${meta.name}: "plugins" must be an array of manifests`);
  const seen = new Set<string>();
  return plugins.map((m: AnyManifest, i: number) => {
    const at = `${meta.name} plugins[${i}]`;
    const invalid = (msg: string): never => {
      throw new SaliencyError('SALIENCY_INVALID_MANIFEST', `${at}${where}: ${msg}`);
    };
    if (!m || typeof m !== 'object') invalid('is not a manifest object');
    if (!PLUGIN_KINDS.includes(m.kind)) invalid(`kind must be one of ${PLUGIN_KINDS.join(', ')} (got ${JSON.stringify(m.kind)})`);
    if (typeof m.id !== 'string' || !ID_PATTERN.test(m.id)) invalid(`id must be kebab-case like "grad-cam" (got ${JSON.stringify(m.id)})`);
    if (typeof m.description !== 'string' || !m.description) invalid(`"${m.id}" needs a description`);
    if (typeof m.create !== 'function') invalid(`"${m.id}" needs a create(options, deps) function`);
    if (!m.defaultOptions || typeof m.defaultOptions !== 'object') invalid(`"${m.id}" needs defaultOptions (an object)`);
    const qualifiedId = qualify(meta.namespace, m.id);
    if (seen.has(qualifiedId)) {
      throw new SaliencyError('SALIENCY_DUPLICATE_PLUGIN', `Plugin "${qualifiedId}" appears twice in ${meta.name}`, { id: qualifiedId });
    }
    seen.add(qualifiedId);
    compileOptionsSchema(m, qualifiedId);
    // Defaults must satisfy the plugin's own schema, or every user hits the author's bug.
    resolveOptions(m, qualifiedId, undefined);
    return { qualifiedId, kind: m.kind, manifest: m, packageName: meta.name, packageVersion: meta.version, origin };
  });
}
