// The JIT engine (docs/jit.md): compiles each validated module to one
// JavaScript factory and plugs into the runtime through the engine seam
// (engine.ts). Importing this module registers it as engine 'jit'.
import { interpEngine, registerEngine, type Engine } from '../engine.ts';
import { compileModule } from './compile.ts';
import { createJitFunc, jitModules } from './instance.ts';

export const jitEngine: Engine = {
  name: 'jit',
  prepare(m, poll) {
    if (!jitModules.has(m)) jitModules.set(m, compileModule(m, poll));
  },
  createFunction(inst, funcIndex, type) {
    let jm = jitModules.get(inst.module);
    if (!jm) {
      jm = compileModule(inst.module);
      jitModules.set(inst.module, jm);
    }
    if (jm.interpreted.has(funcIndex)) return interpEngine.createFunction(inst, funcIndex, type);
    return createJitFunc(jm, inst, funcIndex, type);
  },
};

registerEngine(jitEngine);

export { compileModule, jitDebug } from './compile.ts';
export { JitFunc } from './instance.ts';
