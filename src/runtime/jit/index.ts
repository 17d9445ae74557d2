// The JIT engine (docs/jit.md): compiles each validated module to one
// JavaScript factory and plugs into the runtime through the engine seam
// (engine.ts). Importing this module registers it as engine 'jit'.
import { interpEngine, registerEngine, type Engine } from '../engine.ts';
import { compileModule } from './compile.ts';
import { createJitFunc, jitModules } from './instance.ts';
import { CompileBudget } from './compile-budget.ts';
import { createLazyFunc, DEFAULT_HOTNESS, lazyModules, prepareLazy } from './tiering.ts';

export const jitEngine: Engine = {
  name: 'jit',
  prepare(m, poll, options) {
    if (options?.tiering === 'lazy') {
      if (!jitModules.has(m)) {
        const lm = prepareLazy(m, options.hotness ?? DEFAULT_HOTNESS, options.osr);
        if (options.compileBudget && !lm.budget) lm.budget = new CompileBudget(options.compileBudget);
      }
    } else if (!jitModules.has(m) && !lazyModules.has(m)) {
      jitModules.set(m, compileModule(m, poll));
    }
  },
  createFunction(inst, funcIndex, type) {
    const lm = lazyModules.get(inst.module);
    if (lm) return createLazyFunc(lm, inst, funcIndex, type);
    let jm = jitModules.get(inst.module);
    if (!jm) {
      jm = compileModule(inst.module);
      jitModules.set(inst.module, jm);
    }
    if (jm.interpreted.has(funcIndex)) return interpEngine.createFunction(inst, funcIndex, type);
    return createJitFunc(jm, inst, funcIndex, type);
  },
  // lazily tiered: made at first use (store.ts funcAt); the eager JIT links every
  // function of an instance at its first call (instance.ts linkInstance)
  onDemand: (m) => lazyModules.has(m),
};

registerEngine(jitEngine);

export { compileModule, jitDebug } from './compile.ts';
export { JitFunc } from './instance.ts';
export { DEFAULT_HOTNESS, lazyModules } from './tiering.ts';
