import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError } from '@saliency/core';
import { classSlot, defineCamMethod, spatialMean, type CamContext } from '@saliency/methods-cam/pipeline';

export interface CaseOptions {
  /** `pooled`: project the GAP'd gradients (the authors' code); `spatial`: project the full C×h×w gradients (variant). */
  readonly gradient: 'pooled' | 'spatial';
  /** Added to ‖ḡ‖² in the projection (the authors': 1e-8). */
  readonly epsilon: number;
  /** Contrast classes per image; must equal the number given in `request.contrasts`. */
  readonly contrastK: number;
}

/**
 * The projection of ALGORITHMS.md §2.2 step 5 in float32, per image: `ḡ = (Σ_j g_j) / k` summed in order,
 * `dot = ⟨g_t, ḡ⟩`, `n = ‖ḡ‖² + ε` (norm, then squared), `g⊥ = g_t − (dot / n)·ḡ`. Works on `[B, ...]` tensors.
 */
function project(target: tf.Tensor, contrasts: tf.Tensor[], epsilon: number): { orth: tf.Tensor; dot: tf.Tensor1D; normSq: tf.Tensor1D; proj: tf.Tensor1D } {
  const b = target.shape[0]!;
  const axes = target.shape.slice(1).map((_, i) => i + 1);
  let sum = contrasts[0]!;
  for (const g of contrasts.slice(1)) sum = tf.add(sum, g);
  const avg = tf.div(sum, contrasts.length);
  const dot = tf.sum(tf.mul(target, avg), axes) as tf.Tensor1D;
  const normSq = tf.add(tf.square(tf.sqrt(tf.sum(tf.square(avg), axes))), epsilon) as tf.Tensor1D;
  const proj = tf.div(dot, normSq) as tf.Tensor1D;
  const orth = tf.sub(target, tf.mul(tf.reshape(proj, [b, ...axes.map(() => 1)]), avg));
  return { orth, dot, normSq, proj };
}

async function caseWeights(ctx: CamContext, { gradient, epsilon, contrastK }: Readonly<CaseOptions>): Promise<tf.Tensor2D> {
  const g = ctx.classGrads!;
  const out = tf.tidy(() => {
    const full = Array.from({ length: contrastK + 1 }, (_, j) => classSlot(g, j));
    if (gradient === 'pooled') {
      const pooled = full.map((x) => spatialMean(x));
      const p = project(pooled[0]!, pooled.slice(1), epsilon);
      return { weights: p.orth as tf.Tensor2D, dot: p.dot, normSq: p.normSq, proj: p.proj };
    }
    const p = project(full[0]!, full.slice(1), epsilon);
    return { weights: spatialMean(p.orth as tf.Tensor4D), dot: p.dot, normSq: p.normSq, proj: p.proj };
  });
  const [dot, normSq, proj] = await Promise.all([out.dot.data(), out.normSq.data(), out.proj.data()]);
  ctx.extras.dot = Array.from(dot);
  ctx.extras.normSq = Array.from(normSq);
  ctx.extras.projCoef = Array.from(proj);
  out.dot.dispose();
  out.normSq.dispose();
  out.proj.dispose();
  return out.weights;
}

/**
 * CASE (Contrastive Activation for Saliency Estimation), as the authors' `CAM_eval/case.py` computes it
 * (ALGORITHMS.md §2.2): the target's pooled gradient minus its projection on the mean pooled gradient of the contrast
 * classes weights the activation; ReLU, one min-max, half-pixel resize (no second min-max). The target and every
 * contrast gradient come from one body pass and one batched head pass.
 */
export const caseMethod = defineCamMethod<CaseOptions>({
  id: 'case',
  namespace: 'case',
  displayName: 'CASE',
  description: 'CASE: Grad-CAM weights made orthogonal to the mean gradient of the most confusable (contrast) classes.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['gradient', 'epsilon', 'contrastK'],
    properties: {
      gradient: { enum: ['pooled', 'spatial'] },
      epsilon: { type: 'number', minimum: 0 },
      contrastK: { type: 'integer', minimum: 1 },
    },
  },
  defaultOptions: { gradient: 'pooled', epsilon: 1e-8, contrastK: 1 },
  needsGradients: true,
  needsContrasts: true,
  normalization: 'single',
  validate({ contrasts, numClasses, batchSize }, { contrastK }) {
    if (contrastK > numClasses - 1) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/case: contrastK ${contrastK} is larger than the number of other classes (${numClasses - 1})`);
    }
    if (!contrasts || contrasts.length !== batchSize) {
      throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/case: needs one contrast list per image (got ${contrasts?.length ?? 0} for ${batchSize} images)`);
    }
    contrasts.forEach((row, i) => {
      if (row.length !== contrastK) {
        throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/case: image ${i} has ${row.length} contrast classes, options/contrastK is ${contrastK}`);
      }
      for (const c of row) {
        if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
          throw new SaliencyError('SALIENCY_INVALID_TARGET', `case/case: contrast class ${c} for image ${i} is out of range [0, ${numClasses})`);
        }
      }
    });
  },
  gradientClasses: ({ targets, contrasts }) => targets.map((t, i) => [t, ...contrasts![i]!]),
  channelWeights: caseWeights,
});
