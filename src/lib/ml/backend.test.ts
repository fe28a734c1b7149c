import { describe, it, expect } from 'vitest';
import { planBackends, isSoftwareRenderer, type BackendProbe } from './backend';

const probes = (over: Partial<Record<string, Partial<BackendProbe>>>): BackendProbe[] =>
  (['webgpu', 'webgl', 'wasm', 'cpu'] as const).map((name) => ({ name, available: true, ...over[name] }));

describe('planBackends', () => {
  it('prefers a real GPU through WebGPU', () => {
    expect(planBackends(probes({}), 'auto')).toEqual({ order: ['webgpu', 'webgl', 'wasm', 'cpu'], reasons: [] });
  });

  it('treats software adapters as no GPU and says why', () => {
    const plan = planBackends(
      probes({ webgpu: { software: true, detail: 'swiftshader' }, webgl: { software: true, detail: 'SwiftShader' } }),
      'auto',
    );
    expect(plan.order.slice(0, 2)).toEqual(['wasm', 'cpu']);
    expect(plan.reasons).toEqual([
      'webgpu: software adapter (swiftshader), not a GPU',
      'webgl: software adapter (SwiftShader), not a GPU',
    ]);
  });

  it('honours an explicit request, and explains when it is impossible', () => {
    expect(planBackends(probes({ webgpu: { software: true } }), 'webgpu').order[0]).toBe('webgpu');
    const plan = planBackends(probes({ webgpu: { available: false, detail: 'no adapter' } }), 'webgpu');
    expect(plan.order[0]).toBe('webgl');
    expect(plan.reasons[0]).toBe('webgpu: requested but not available (no adapter)');
  });

  it('recognises software renderers', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe(
      true,
    );
    expect(isSoftwareRenderer('NVIDIA H200')).toBe(false);
  });
});
