import { SaliencyError, nearestNames, type LayerInfo } from '@saliency/core';

/** `SALIENCY_UNKNOWN_LAYER`, naming the closest layer names (the usual cause is a typo or a renamed layer). */
export function unknownLayer(modelId: string, name: string, layers: readonly LayerInfo[]): SaliencyError {
  const hints = nearestNames(name, layers.map((l) => l.name), 3);
  return new SaliencyError(
    'SALIENCY_UNKNOWN_LAYER',
    `Model "${modelId}" has no layer "${name}"${hints.length ? `; nearest: ${hints.map((h) => `"${h}"`).join(', ')}` : ''}`,
    { layer: name, hints },
  );
}

/** `SALIENCY_LAYER_NOT_SPATIAL`, naming the layer's shape and the spatial layers one could use instead. */
export function notSpatial(modelId: string, info: LayerInfo, suggested: readonly string[]): SaliencyError {
  return new SaliencyError(
    'SALIENCY_LAYER_NOT_SPATIAL',
    `Layer "${info.name}" (${info.className}) of model "${modelId}" has output shape [${info.outputShape.map((d) => d ?? 'null').join(', ')}], ` +
      `not a [B, h, w, C] feature map${suggested.length ? `; spatial layers: ${suggested.map((s) => `"${s}"`).join(', ')}` : ''}`,
    { layer: info.name, outputShape: info.outputShape },
  );
}

/** The last spatial layers before the first spatial → non-spatial step (global pooling, flatten), best first. */
export function suggestSpatial(layers: readonly LayerInfo[], limit = 5): string[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const firstFlat = layers.findIndex((l) => !l.spatial && l.inbound.some((n) => byName.get(n)?.spatial));
  const before = firstFlat < 0 ? layers : layers.slice(0, firstFlat);
  // Inputs are spatial too but explain nothing about the network.
  return before.filter((l) => l.spatial && l.inbound.length > 0).reverse().slice(0, limit).map((l) => l.name);
}
