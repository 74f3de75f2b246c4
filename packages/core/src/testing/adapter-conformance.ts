import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeBody, type ModelAdapter } from '../interfaces/model-adapter.js';
import { countLeaks, maxAbsDiff } from './leaks.js';

export interface AdapterConformanceOptions {
  readonly name: string;
  readonly adapter: () => Promise<ModelAdapter>;
  /** Layers to split at (each must be spatial). */
  readonly layers: readonly string[];
  /** `[B, H, W, C]` input; created fresh per call. */
  readonly input: () => tf.Tensor4D;
  /** Max |head(body(x)) - predict(x)|, default 1e-6 (relative to max(1, |logit|)). */
  readonly splitTolerance?: number;
  /** Relative tolerance of the activation gradient against central finite differences (default 2e-2). */
  readonly gradTolerance?: number;
  /** Finite-difference coordinates checked per layer (default 6). */
  readonly fdPoints?: number;
}

/**
 * The conformance suite of a model adapter: `head(body(x)) == predict(x)`, class gradients against central
 * finite differences (float32, so a loose relative tolerance on well-conditioned coordinates), batched
 * gradients equal to one-class gradients, and no tensor leaks over repeated calls.
 */
export function describeModelAdapter(opts: AdapterConformanceOptions): void {
  describe(`conformance: model adapter (${opts.name})`, () => {
    for (const layer of opts.layers) {
      it(`split at "${layer}": head(body(x)) equals predict(x)`, async () => {
        const adapter = await opts.adapter();
        const x = opts.input();
        const split = adapter.split(layer);
        const body = split.body(x);
        const viaSplit = split.head(body.activation, body.crossing);
        const direct = adapter.predict(x);
        const a = await viaSplit.data();
        const b = await direct.data();
        const scale = Array.from(b).reduce((m, v) => Math.max(m, Math.abs(v)), 1);
        expect(maxAbsDiff(a, b) / scale).toBeLessThanOrEqual(opts.splitTolerance ?? 1e-6);
        expect(body.activation.shape.slice(1)).toEqual([...split.activationShape]);
        tf.dispose([viaSplit, direct, x]);
        disposeBody(body);
      });
      it(`split at "${layer}": class gradients match central finite differences`, async () => {
        const adapter = await opts.adapter();
        const full = opts.input();
        const x = tf.slice(full, 0, 1) as tf.Tensor4D;
        full.dispose();
        const split = adapter.split(layer);
        const body = split.body(x);
        const logits = await split.head(body.activation, body.crossing).data();
        const cls = logits.indexOf(Math.max(...logits));
        const { gradients, logits: lt } = split.classGradients(body, [[cls, (cls + 1) % logits.length]]);
        const g = (await gradients.data()) as Float32Array;
        const per = g.length / 2;
        const act = (await body.activation.data()) as Float32Array;
        // Check the coordinates with the largest gradients: they dominate the map and are well conditioned.
        const idx = Array.from({ length: per }, (_, i) => i).sort((p, q) => Math.abs(g[q]!) - Math.abs(g[p]!)).slice(0, opts.fdPoints ?? 6);
        const at = (values: Float32Array): number =>
          tf.tidy(() => split.head(tf.tensor(values, body.activation.shape) as tf.Tensor4D, body.crossing).dataSync()[cls]!);
        const gmax = Math.abs(g[idx[0]!]!);
        const base = at(act);
        for (const i of idx) {
          const h = Math.max(1e-2, Math.abs(act[i]!) * 1e-2);
          const plus = act.slice(); plus[i] = act[i]! + h;
          const minus = act.slice(); minus[i] = act[i]! - h;
          const fp = at(plus);
          const fm = at(minus);
          // Max-pooling and ReLU make the logit piecewise linear: a step may cross a kink (a competitor in the same
          // pooling window), where the central difference averages two slopes. The gradient is right if it matches
          // the central or either one-sided difference.
          const tol = (opts.gradTolerance ?? 2e-2) * Math.max(Math.abs(g[i]!), gmax * 0.1);
          const best = Math.min(...[(fp - fm) / (2 * h), (fp - base) / h, (base - fm) / h].map((fd) => Math.abs(fd - g[i]!)));
          expect(best).toBeLessThanOrEqual(tol);
        }
        // The logits that come with the gradients are the head's logits.
        expect(maxAbsDiff(await lt.data(), logits)).toBeLessThanOrEqual(1e-5 * Math.max(1, ...Array.from(logits, Math.abs)));
        // Batched classes equal one class at a time.
        const single = split.classGradients(body, [[(cls + 1) % logits.length]]);
        expect(maxAbsDiff(await single.gradients.data(), g.subarray(per))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(g[idx[0]!]!)));
        tf.dispose([gradients, lt, single.gradients, single.logits, x]);
        disposeBody(body);
      });
      it(`split at "${layer}": 100 split/predict/gradient calls leak no tensor`, async () => {
        const adapter = await opts.adapter();
        const x = opts.input();
        const once = () => {
          const split = adapter.split(layer);
          const body = split.body(x);
          const p = adapter.predict(x);
          const g = split.classGradients(body, Array.from({ length: x.shape[0] }, () => [0]));
          tf.dispose([p, g.gradients, g.logits]);
          disposeBody(body);
        };
        once();
        const leaked = await countLeaks(() => {
          for (let i = 0; i < 100; i++) once();
        });
        expect(leaked).toBe(0);
        x.dispose();
      });
    }
  });
}
