// Present in node_modules but not a direct dependency of the project: discovery must never import it.
globalThis.__saliencyTransitiveImported = true;
export const plugin = { meta: { name: 'saliency-plugin-transitive', version: '0.0.1', namespace: 'transitive', apiVersion: 1 }, plugins: [] };
