import * as tf from '@tensorflow/tfjs-core';
import { SaliencyError } from '@saliency/core';
import { registerWasmKernelFixes } from './wasm-kernels.js';

/** Which backend to run on. `auto` tries native TensorFlow, then wasm, then the pure-JS cpu backend. */
export type BackendPreference = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendSelection {
  /** The TF.js backend now active (`tensorflow`, `webgpu`, `wasm` or `cpu`). */
  readonly name: string;
  /** With `auto`: the candidates tried first that could not be used, in order (package or backend names). */
  readonly fellBackFrom?: readonly string[];
  /** Why each of `fellBackFrom` failed, same order (one line each). */
  readonly reasons?: readonly string[];
}

/** What a candidate needs and how to start it; `label` names it in `fellBackFrom`. */
interface Candidate {
  readonly label: string;
  readonly backend: string;
  readonly start: () => Promise<void>;
}

// Specifiers live in variables so TypeScript does not resolve (and type-check) optional packages that are
// not installed, and bundlers do not try to inline them.
const importOptional = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

/**
 * The native packages register every kernel of the `tensorflow` backend before they find out that their
 * binding is missing; the second attempt then logs hundreds of "already registered" warnings. TF.js only
 * warns outside PROD mode, so PROD is set while they are imported.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    return await fn();
  } finally {
    tf.env().set('PROD', prod);
  }
}

const native = (pkg: string): Candidate => ({
  label: pkg,
  backend: 'tensorflow',
  start: () => quietly(async () => void (await importOptional(pkg))),
});

const webgpu: Candidate = {
  label: 'webgpu',
  backend: 'webgpu',
  start: async () => {
    // Already registered (a bundle or the application called installWebGpu itself): nothing to import.
    if (tf.findBackendFactory('webgpu')) return;
    // @saliency/backend-webgpu carries the WebGPU backend and Dawn as optional dependencies, so only users who
    // want WebGPU pay for them; it provides navigator.gpu in Node and registers the backend.
    const mod = (await importOptional('@saliency/backend-webgpu')) as { installWebGpu(): Promise<void> };
    await mod.installWebGpu();
  },
};

// Imported lazily: importing the wasm backend registers it with the highest priority as a side effect.
const wasm: Candidate = { label: 'wasm', backend: 'wasm', start: async () => void (await import('@tensorflow/tfjs-backend-wasm')) };
const cpu: Candidate = { label: 'cpu', backend: 'cpu', start: async () => void (await import('@tensorflow/tfjs-backend-cpu')) };

const INSTALL_HINTS: Record<Exclude<BackendPreference, 'auto'>, string> = {
  tensorflow: 'install @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA) with the same version as @tensorflow/tfjs-core; their install scripts download libtensorflow',
  webgpu: 'install @saliency/backend-webgpu (it brings @tensorflow/tfjs-backend-webgpu and, for Node, Dawn through the "webgpu" package) and check that a GPU adapter is available',
  wasm: 'install @tensorflow/tfjs-backend-wasm with the same version as @tensorflow/tfjs-core',
  cpu: 'install @tensorflow/tfjs-backend-cpu with the same version as @tensorflow/tfjs-core',
};

const CANDIDATES: Record<BackendPreference, readonly Candidate[]> = {
  auto: [native('@tensorflow/tfjs-node-gpu'), native('@tensorflow/tfjs-node'), wasm, cpu],
  tensorflow: [native('@tensorflow/tfjs-node-gpu'), native('@tensorflow/tfjs-node')],
  webgpu: [webgpu],
  wasm: [wasm],
  cpu: [cpu],
};

async function tryStart(c: Candidate): Promise<void> {
  await c.start();
  if (!(await tf.setBackend(c.backend))) throw new Error(`tf.setBackend('${c.backend}') failed to initialise it`);
  await tf.ready();
  if (c.backend === 'wasm') await registerWasmKernelFixes();
}

/**
 * Makes a backend active (`tf.setBackend` + `tf.ready`) and says which one runs. `auto` goes native
 * (`@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`) → wasm → cpu; WebGPU only when asked for. On wasm, the
 * kernels it lacks or gets wrong for saliency gradients are re-registered (see `registerWasmKernelFixes`).
 * Throws `SALIENCY_BACKEND_UNAVAILABLE` naming what to install when nothing asked for can start.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendSelection> {
  const candidates = CANDIDATES[preference];
  if (!candidates) {
    throw new SaliencyError('SALIENCY_BACKEND_UNAVAILABLE', `Unknown backend "${String(preference)}"; use one of ${Object.keys(CANDIDATES).join(', ')}`);
  }
  const failed: string[] = [];
  const reasons: string[] = [];
  for (const c of candidates) {
    try {
      await tryStart(c);
      return failed.length ? { name: c.backend, fellBackFrom: failed, reasons } : { name: c.backend };
    } catch (e) {
      failed.push(c.label);
      reasons.push(firstLine(e));
    }
  }
  const want = preference === 'auto' ? 'cpu' : preference;
  throw new SaliencyError(
    'SALIENCY_BACKEND_UNAVAILABLE',
    `Backend "${preference}" is unavailable (${failed.map((f, i) => `${f}: ${reasons[i]}`).join('; ')}); ${INSTALL_HINTS[want]}`,
    { preference, tried: failed, reasons },
  );
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 300);
}
