/**
 * The one place a TF.js backend is chosen (runs in the training worker). Probes each backend
 * for real: a WebGPU adapter that is a fallback/software one, or a WebGL context on a software
 * rasteriser, is not a GPU.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from '../protocol/training';
import { planBackends, isSoftwareRenderer, type BackendProbe, type BackendPlan } from './backend';
import { classifierHost } from './classifier-host';
import { modelStore } from './model-store';
import { MODEL_KINDS, type ModelKindName, type ModelKinds } from './models';

// Self-hosted binaries (setWasmPaths insists on all three). The threaded build is never used:
// it hangs after minification (docs/STACK.md §2) and needs cross-origin isolation, which this app
// does not ask for.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

let probes: Promise<BackendProbe[]> | undefined;

export function probeBackends(): Promise<BackendProbe[]> {
  probes ??= Promise.all([probeWebGpu(), probeWebGl()]).then(([webgpu, webgl]) => [
    webgpu,
    webgl,
    { name: 'wasm', available: typeof WebAssembly === 'object', detail: 'WebAssembly SIMD' },
    { name: 'cpu', available: true, detail: 'plain JavaScript' },
  ]);
  return probes;
}

async function probeWebGpu(): Promise<BackendProbe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { name: 'webgpu', available: false, detail: 'this browser has no WebGPU' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { name: 'webgpu', available: false, detail: 'no WebGPU adapter' };
    // `info` and `info.isFallbackAdapter` are newer than the bundled WebGPU typings.
    const a = adapter as unknown as {
      info?: Partial<Record<'vendor' | 'architecture' | 'description', string>> & { isFallbackAdapter?: boolean };
      isFallbackAdapter?: boolean;
    };
    const info = a.info ?? {};
    const detail = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    const fallback = info.isFallbackAdapter === true || a.isFallbackAdapter === true;
    return { name: 'webgpu', available: true, software: fallback || isSoftwareRenderer(detail), detail };
  } catch (err) {
    return { name: 'webgpu', available: false, detail: `adapter request failed: ${String(err)}` };
  }
}

async function probeWebGl(): Promise<BackendProbe> {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return { name: 'webgl', available: false, detail: 'no WebGL2 context in a worker' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { name: 'webgl', available: true, software: isSoftwareRenderer(renderer), detail: renderer };
  } catch (err) {
    return { name: 'webgl', available: false, detail: `no WebGL: ${String(err)}` };
  }
}

/** Switch to the best backend that initialises, recording why better ones were passed over. */
export async function useBestBackend(
  requested: 'auto' | BackendName,
): Promise<{ name: BackendName; reasons: string[] }> {
  const plan: BackendPlan = planBackends(await probeBackends(), requested);
  const reasons = [...plan.reasons];
  for (const name of plan.order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, reasons };
      }
      reasons.push(`${name}: failed to initialise`);
    } catch (err) {
      reasons.push(`${name}: failed to initialise (${String(err)})`);
    }
  }
  throw new Error(`no TF.js backend could start: ${reasons.join('; ')}`);
}

// --- Classifier: streamed training, the model registry (IndexedDB) and scoring.
/** Tensors TF.js holds in this worker (the soak checks that repeated runs leave none behind). */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

export const classifier = classifierHost(tf, {
  store: modelStore(tf),
  backend: useBestBackend,
  guard: failOnWebGpuValidation,
});

/** Train one model kind (ml/models) on the best backend that starts: the backend is chosen here, never in model code. */
export async function trainKind<K extends ModelKindName>(
  kind: K,
  req: ModelKinds[K]['request'],
  onEpoch: (log: ModelKinds[K]['epoch']) => void,
  shouldStop: () => boolean,
): Promise<ModelKinds[K]['result']> {
  const backend = await useBestBackend(req.backend);
  return failOnWebGpuValidation(backend.name, () => MODEL_KINDS[kind].train(tf, req, backend, { onEpoch, shouldStop }));
}

/**
 * A WebGPU kernel that fails validation (e.g. more storage buffers than the device allows) does
 * not throw: its output reads as zeros. An error scope around the whole run turns that into an
 * error instead of wrong factors.
 */
async function failOnWebGpuValidation<T>(backend: BackendName, run: () => Promise<T>): Promise<T> {
  const device = backend === 'webgpu' ? (tf.backend() as unknown as { device?: GPUDevice }).device : undefined;
  device?.pushErrorScope('validation');
  let result: T | undefined;
  let failure: unknown;
  try {
    result = await run();
  } catch (err) {
    failure = err;
  }
  const invalid = await device?.popErrorScope();
  if (invalid)
    throw new Error(
      `webgpu: a kernel failed validation, so the results cannot be trusted (${invalid.message.split('\n')[0]}); choose the wasm or webgl backend`,
    );
  if (failure !== undefined) throw failure;
  return result as T;
}
