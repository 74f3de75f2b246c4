import * as tf from '@tensorflow/tfjs-core';
import {
  defineContrastSelector,
  defineMetric,
  defineModelAdapter,
  definePluginPackage,
  defineSaliencyMethod,
  minMaxScale,
  resizeHalfPixel,
  disposeBody,
  rankedClasses,
  SaliencyError,
} from '../../src/index.js';
import { linearAdapter } from './linear-adapter.js';

/** Grad-CAM in a dozen lines: enough to exercise the composer and the conformance kit from core's side. */
export const tinyGradCam = defineSaliencyMethod<{ eps: number }>({
  id: 'tiny-grad-cam',
  description: 'Grad-CAM written against the core interfaces only',
  optionsSchema: { type: 'object', additionalProperties: false, required: ['eps'], properties: { eps: { type: 'number', exclusiveMinimum: 0 } } },
  defaultOptions: { eps: 1e-7 },
  create: (o) => ({
    id: 'test/tiny-grad-cam',
    needsContrasts: false,
    async explain({ split, input, body, targets }) {
      const own = body ? undefined : split.body(input);
      const b = (body ?? own)!;
      const g = split.classGradients(b, targets.map((t) => [t]));
      const maps = tf.tidy(() => {
        const w = tf.mean(tf.squeeze(g.gradients, [1]), [1, 2], true);
        const raw = tf.sum(tf.mul(w, b.activation), -1) as tf.Tensor3D;
        return minMaxScale(resizeHalfPixel(minMaxScale(tf.relu(raw), o.eps), [input.shape[1], input.shape[2]]), o.eps);
      });
      tf.dispose([g.gradients, g.logits]);
      disposeBody(own);
      return { maps };
    },
  }),
});

export const nextLogit = defineContrastSelector<Record<string, never>>({
  id: 'next-logit',
  description: 'the highest logits other than the target',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaultOptions: {},
  create: () => ({
    id: 'test/next-logit',
    async select({ targets, logits, k }) {
      const rows = (await logits.array()) as number[][];
      if (k >= rows[0]!.length) throw new SaliencyError('SALIENCY_INVALID_TARGET', `k=${k} must be < number of classes`);
      return rows.map((r, i) => rankedClasses(r).filter((c) => c !== targets[i]).slice(0, k));
    },
  }),
});

export const meanSaliency = defineMetric<{ scale: number }>({
  id: 'mean-saliency',
  description: 'mean map value per image',
  scoreDirection: 'neutral',
  category: 'complexity',
  inputs: ['maps'],
  optionsSchema: { type: 'object', additionalProperties: false, required: ['scale'], properties: { scale: { type: 'number', exclusiveMinimum: 0 } } },
  defaultOptions: { scale: 1 },
  create: (o) => ({
    id: 'test/mean-saliency',
    async evaluate({ maps }) {
      const m = tf.tidy(() => tf.mul(tf.mean(maps!, [1, 2]), o.scale));
      const scores = Float64Array.from(await m.data());
      m.dispose();
      return { scores };
    },
  }),
});

export const linearModel = defineModelAdapter<{ classes: number }>({
  id: 'linear',
  description: 'the in-memory linear test model',
  optionsSchema: { type: 'object', additionalProperties: false, required: ['classes'], properties: { classes: { type: 'integer', minimum: 2 } } },
  defaultOptions: { classes: 5 },
  create: (o) => linearAdapter({ classes: o.classes }),
});

export const testPackage = definePluginPackage({
  meta: { name: 'core-test-plugins', version: '0.0.0', namespace: 'test', apiVersion: 1 },
  plugins: [linearModel, meanSaliency, nextLogit, tinyGradCam],
});
