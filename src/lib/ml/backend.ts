import { BACKENDS, type BackendName } from '../protocol/training';

/** What the training worker found out about one TF.js backend on this machine. */
export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** A software rasteriser or fallback adapter (SwiftShader, llvmpipe): slower than WASM. */
  software?: boolean;
  /** Adapter / renderer description, or why it is unavailable. */
  detail?: string;
}

export interface BackendPlan {
  /** Backends to try, best first. */
  order: BackendName[];
  /** Why each faster backend was passed over, in words for the UI and report. */
  reasons: string[];
}

/**
 * Preference: WebGPU → WebGL → WASM → CPU, but a software GPU is no GPU: SwiftShader WebGPU
 * trains ~30× slower than WASM (docs/STACK.md §2), so `auto` skips it. An explicit request is
 * honoured when the backend exists at all (tests use it to exercise the WebGPU path).
 */
export function planBackends(probes: BackendProbe[], requested: 'auto' | BackendName): BackendPlan {
  const probe = (name: BackendName) => probes.find((p) => p.name === name);
  const reasons: string[] = [];
  const order: BackendName[] = [];
  if (requested !== 'auto') {
    const p = probe(requested);
    if (p?.available) order.push(requested);
    else reasons.push(`${requested}: requested but not available (${p?.detail ?? 'not probed'})`);
  }
  for (const name of BACKENDS) {
    if (order.includes(name)) continue;
    const p = probe(name);
    if (!p?.available) {
      if (name !== requested) reasons.push(`${name}: ${p?.detail ?? 'not available'}`);
      continue;
    }
    if (p.software) {
      reasons.push(`${name}: software adapter (${p.detail ?? 'unknown'}), not a GPU`);
      continue;
    }
    order.push(name);
  }
  // A software GPU is still better than nothing when even CPU failed to register.
  for (const p of probes) if (p.available && !order.includes(p.name)) order.push(p.name);
  return { order, reasons };
}

/** Renderer/adapter strings that mean a CPU emulation rather than a GPU. */
export function isSoftwareRenderer(description: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(description);
}
