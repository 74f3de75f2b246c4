import type { AnyManifest, PluginKind } from '../manifest.js';

/** Where a plugin package came from, as `saliency plugins list` shows it. */
export type PluginOrigin =
  | { readonly type: 'explicit' }
  | { readonly type: 'discovered'; readonly packageDir: string; readonly entry: string };

/** A manifest as the registry holds it: with its qualified id and provenance. */
export interface RegisteredPlugin<M extends AnyManifest = AnyManifest> {
  readonly qualifiedId: string;
  readonly kind: PluginKind;
  readonly manifest: M;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly origin: PluginOrigin;
}
