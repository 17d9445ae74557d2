// Runs wast2json command files against a SpecEngine. Every assertion and every
// module/register/action command is one unit that passes, fails (with a
// one-line reason) or is skipped (text-format modules only). Nothing here
// throws for an engine's misbehaviour: an unexpected exception is a failure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultTrapMatches, type ClassifiedError, type ImportObject, type SpecEngine, type SpecValue } from './engine.ts';
import { formatJson, formatValue, HostRefs, matchValue, parseArg, type JsonValue } from './values.ts';

export interface SpecAction {
  readonly type: 'invoke' | 'get';
  readonly module?: string;
  readonly field: string;
  readonly args?: readonly JsonValue[];
}

export interface SpecCommand {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly name?: string;
  readonly as?: string;
  readonly action?: SpecAction;
  readonly expected?: readonly JsonValue[];
  readonly text?: string;
  readonly module_type?: 'binary' | 'text';
}

export interface SpecFile {
  readonly source_filename?: string;
  readonly commands: readonly SpecCommand[];
}

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CommandResult {
  readonly line: number;
  readonly type: string;
  readonly outcome: Outcome;
  /** Why it failed or was skipped, e.g. `assert_return invoke f(i32:1) — expected i32:2, got i32:3`. */
  readonly reason?: string;
}

export interface FileReport {
  /** e.g. 'i32.json' */
  readonly file: string;
  /** e.g. 'i32' */
  readonly name: string;
  readonly path: string;
  /** A `simd_*` file (reported, not yet required). */
  readonly simd: boolean;
  passed: number;
  failed: number;
  skipped: number;
  readonly failures: CommandResult[];
  readonly skips: CommandResult[];
  durationMs: number;
}

export interface SuiteReport {
  readonly engine: string;
  readonly files: FileReport[];
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
}

// ---- finding files ---------------------------------------------------------

/**
 * The command files under `target`: the file itself if it is a .json file; a
 * folder's own NAME.json; otherwise every .json file directly in the folder and
 * in each of its sub-folders (the layout of ../shared/wasm-spec-2.0), by name.
 */
export function findSpecFiles(target: string): string[] {
  const stat = statSync(target);
  if (stat.isFile()) return [target];
  const own = join(target, `${basename(target)}.json`);
  if (isFile(own)) return [own];
  const found: string[] = [];
  for (const entry of readdirSync(target).sort()) {
    const path = join(target, entry);
    if (entry.endsWith('.json') && isFile(path)) found.push(path);
    else if (statSync(path).isDirectory()) {
      for (const inner of readdirSync(path).sort()) {
        if (inner.endsWith('.json') && isFile(join(path, inner))) found.push(join(path, inner));
      }
    }
  }
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function specName(path: string): string {
  return basename(path, extname(path));
}

export function isSimd(path: string): boolean {
  return specName(path).startsWith('simd_');
}

/** `--filter` patterns: a file matches when its name equals a pattern, `*` matching any run of characters. */
export function matchesFilter(path: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  const name = specName(path);
  return patterns.some((p) => {
    const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(name);
  });
}

// ---- running ---------------------------------------------------------------

/** A command cannot run because of an earlier failure or a bad reference. */
class Unrunnable extends Error {}

type Loaded =
  | { readonly ok: true; readonly line: number; readonly exports: Record<string, unknown> }
  | { readonly ok: false; readonly line: number; readonly why: string };

type LoadResult =
  | { readonly ok: true; readonly exports: Record<string, unknown> }
  | { readonly ok: false; readonly phase: 'compile' | 'instantiate'; readonly error: ClassifiedError };

type ActionResult = { readonly ok: true; readonly values: SpecValue[] } | { readonly ok: false; readonly error: ClassifiedError };

function quoteName(name: string): string {
  return /^[\w.$-]+$/.test(name) ? name : JSON.stringify(name);
}

function describeAction(action: SpecAction): string {
  const where = action.module ? ` in ${action.module}` : '';
  if (action.type === 'get') return `get ${quoteName(action.field)}${where}`;
  return `invoke ${quoteName(action.field)}(${(action.args ?? []).map(formatJson).join(', ')})${where}`;
}

function describeError(e: ClassifiedError): string {
  return e.kind === 'trap' ? `trap "${e.message}"` : `${e.name}: ${e.message}`;
}

function formatList(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `(${items.join(', ')})`;
}

/** Runs one command file; never throws for engine behaviour. */
export class SpecFileRunner {
  private readonly modules = new Map<string, Loaded>();
  private readonly registry = new Map<string, Record<string, unknown> | { failedLine: number }>();
  private current: Loaded | undefined;
  private readonly dir: string;
  private readonly trapMatches: (actual: string, expected: string) => boolean;

  constructor(
    private readonly engine: SpecEngine,
    private readonly path: string,
    private readonly refs: HostRefs,
  ) {
    this.dir = dirname(path);
    this.trapMatches = engine.trapMatches?.bind(engine) ?? defaultTrapMatches;
  }

  run(): FileReport {
    const start = performance.now();
    const report: FileReport = {
      file: basename(this.path),
      name: specName(this.path),
      path: this.path,
      simd: isSimd(this.path),
      passed: 0,
      failed: 0,
      skipped: 0,
      failures: [],
      skips: [],
      durationMs: 0,
    };
    let file: SpecFile;
    try {
      file = JSON.parse(readFileSync(this.path, 'utf8')) as SpecFile;
      if (!Array.isArray(file.commands)) throw new Error('no "commands" array');
    } catch (err) {
      report.failed++;
      report.failures.push({ line: 0, type: 'file', outcome: 'failed', reason: `cannot read command file: ${String(err)}` });
      report.durationMs = performance.now() - start;
      return report;
    }
    try {
      this.registry.set('spectest', this.engine.makeSpectest());
    } catch (err) {
      this.registry.set('spectest', { failedLine: 0 });
      report.failed++;
      report.failures.push({ line: 0, type: 'spectest', outcome: 'failed', reason: `cannot create the spectest host module: ${describeError(this.engine.classifyError(err))}` });
    }
    for (const command of file.commands) {
      const result = this.runCommand(command);
      report[result.outcome]++;
      if (result.outcome === 'failed') report.failures.push(result);
      else if (result.outcome === 'skipped') report.skips.push(result);
    }
    report.durationMs = performance.now() - start;
    return report;
  }

  runCommand(command: SpecCommand): CommandResult {
    const { type, line } = command;
    const pass: CommandResult = { line, type, outcome: 'passed' };
    const fail = (reason: string): CommandResult => ({ line, type, outcome: 'failed', reason });
    try {
      switch (type) {
        case 'module':
          return this.module(command, fail) ?? pass;
        case 'register':
          return this.register(command, fail) ?? pass;
        case 'action': {
          const action = this.requireAction(command);
          const result = this.perform(action);
          return result.ok ? pass : fail(`${describeAction(action)} — ${describeError(result.error)}`);
        }
        case 'assert_return':
          return this.assertReturn(command, fail) ?? pass;
        case 'assert_trap':
        case 'assert_exhaustion':
          return this.assertTrap(command, fail) ?? pass;
        case 'assert_invalid':
        case 'assert_malformed':
        case 'assert_unlinkable':
        case 'assert_uninstantiable':
          return this.assertModule(command, fail) ?? pass;
        default:
          return fail(`unknown command type '${type}'`);
      }
    } catch (err) {
      if (err instanceof Unrunnable) return fail(`${this.describeCommand(command)} — ${err.message}`);
      return fail(`${this.describeCommand(command)} — runner error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }

  private describeCommand(command: SpecCommand): string {
    if (command.action) return `${command.type} ${describeAction(command.action)}`;
    if (command.type === 'register') return `register ${command.name ?? '(current module)'} as ${JSON.stringify(command.as)}`;
    return `${command.type}${command.name ? ` ${command.name}` : ''} ${command.filename ?? ''}`.trimEnd();
  }

  private requireAction(command: SpecCommand): SpecAction {
    if (!command.action) throw new Unrunnable('command has no action');
    return command.action;
  }

  private isText(command: SpecCommand): boolean {
    return command.module_type === 'text' || (command.filename ?? '').endsWith('.wat');
  }

  // -- modules --

  private readBytes(filename: string | undefined): Uint8Array {
    if (!filename) throw new Unrunnable('command names no module file');
    try {
      return new Uint8Array(readFileSync(join(this.dir, filename)));
    } catch (err) {
      throw new Unrunnable(`cannot read ${filename}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private load(bytes: Uint8Array): LoadResult {
    let module: unknown;
    try {
      module = this.engine.compile(bytes);
    } catch (err) {
      return { ok: false, phase: 'compile', error: this.engine.classifyError(err) };
    }
    const imports: ImportObject = {};
    try {
      for (const imp of this.engine.moduleImports(module)) {
        if (imp.module in imports) continue;
        const namespace = this.registry.get(imp.module);
        if (namespace && 'failedLine' in namespace && typeof namespace.failedLine === 'number') {
          throw new Unrunnable(`imports from "${imp.module}", registered from the module at line ${namespace.failedLine} that failed to load`);
        }
        // An unregistered module is an empty namespace: its imports are unknown (a LinkError), as in the spec's registry.
        imports[imp.module] = (namespace as Record<string, unknown> | undefined) ?? {};
      }
    } catch (err) {
      if (err instanceof Unrunnable) throw err;
      return { ok: false, phase: 'instantiate', error: this.engine.classifyError(err) };
    }
    try {
      return { ok: true, exports: this.engine.instantiate(module, imports) };
    } catch (err) {
      return { ok: false, phase: 'instantiate', error: this.engine.classifyError(err) };
    }
  }

  private module(command: SpecCommand, fail: (r: string) => CommandResult): CommandResult | undefined {
    const { line } = command;
    const setFailed = (why: string): void => {
      this.current = { ok: false, line, why };
      if (command.name) this.modules.set(command.name, this.current);
    };
    if (this.isText(command)) {
      setFailed('is a text-format module (skipped)');
      return { line, type: command.type, outcome: 'skipped', reason: 'text-format module' };
    }
    let result: LoadResult;
    try {
      result = this.load(this.readBytes(command.filename));
    } catch (err) {
      setFailed('failed to load');
      throw err;
    }
    if (!result.ok) {
      setFailed('failed to load');
      const what = result.phase === 'compile' ? 'failed to compile' : result.error.kind === 'trap' ? 'trapped while instantiating' : 'failed to instantiate';
      return fail(`${this.describeCommand(command)} — ${what}: ${describeError(result.error)}`);
    }
    this.current = { ok: true, line, exports: result.exports };
    if (command.name) this.modules.set(command.name, this.current);
    return undefined;
  }

  private target(name: string | undefined): Record<string, unknown> {
    const loaded = name ? this.modules.get(name) : this.current;
    if (!loaded) throw new Unrunnable(name ? `no module named ${name}` : 'no module has been loaded');
    if (!loaded.ok) throw new Unrunnable(`module at line ${loaded.line} ${loaded.why}`);
    return loaded.exports;
  }

  private register(command: SpecCommand, fail: (r: string) => CommandResult): CommandResult | undefined {
    if (!command.as) return fail('register without "as"');
    const loaded = command.name ? this.modules.get(command.name) : this.current;
    if (loaded && !loaded.ok) this.registry.set(command.as, { failedLine: loaded.line });
    this.registry.set(command.as, this.target(command.name));
    return undefined;
  }

  private perform(action: SpecAction): ActionResult {
    const exports = this.target(action.module);
    if (!Object.prototype.hasOwnProperty.call(exports, action.field)) {
      throw new Unrunnable(`the module has no export ${JSON.stringify(action.field)}`);
    }
    const exported = exports[action.field];
    if (action.type !== 'invoke' && action.type !== 'get') throw new Unrunnable(`unknown action type '${String(action.type)}'`);
    let args: SpecValue[] = [];
    try {
      args = (action.args ?? []).map((a) => parseArg(a, this.refs));
    } catch (err) {
      throw new Unrunnable(`bad argument: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      const values = action.type === 'invoke' ? this.engine.invoke(exported, args) : [this.engine.getGlobal(exported)];
      return { ok: true, values };
    } catch (err) {
      return { ok: false, error: this.engine.classifyError(err) };
    }
  }

  private formatActual(values: readonly SpecValue[], expected: readonly JsonValue[]): string {
    return formatList(values.map((v, i) => formatValue(v, this.refs, expected[i]?.lane_type)));
  }

  private assertReturn(command: SpecCommand, fail: (r: string) => CommandResult): CommandResult | undefined {
    const action = this.requireAction(command);
    const expected = command.expected ?? [];
    const result = this.perform(action);
    const want = formatList(expected.map(formatJson));
    const head = `assert_return ${describeAction(action)} — expected ${want}`;
    if (!result.ok) return fail(`${head}, got ${describeError(result.error)}`);
    const ok = result.values.length === expected.length && expected.every((e, i) => matchValue(e, result.values[i], this.refs));
    return ok ? undefined : fail(`${head}, got ${this.formatActual(result.values, expected)}`);
  }

  private assertTrap(command: SpecCommand, fail: (r: string) => CommandResult): CommandResult | undefined {
    const action = this.requireAction(command);
    const text = command.text ?? (command.type === 'assert_exhaustion' ? 'call stack exhausted' : '');
    const result = this.perform(action);
    const head = `${command.type} ${describeAction(action)} — expected trap "${text}"`;
    if (result.ok) return fail(`${head}, got ${result.values.length ? this.formatActual(result.values, []) : 'a normal return'}`);
    if (result.error.kind !== 'trap') return fail(`${head}, got ${describeError(result.error)}`);
    return this.trapMatches(result.error.message, text) ? undefined : fail(`${head}, got ${describeError(result.error)}`);
  }

  private assertModule(command: SpecCommand, fail: (r: string) => CommandResult): CommandResult | undefined {
    const { type, line } = command;
    if (this.isText(command)) return { line, type, outcome: 'skipped', reason: 'text-format module' };
    const bytes = this.readBytes(command.filename);
    const text = command.text ?? '';
    const head = `${this.describeCommand(command)} — expected`;
    if (type === 'assert_invalid' || type === 'assert_malformed') {
      // Only the class is required: engines word validation errors differently.
      try {
        this.engine.compile(bytes);
      } catch (err) {
        const e = this.engine.classifyError(err);
        return e.kind === 'compile' ? undefined : fail(`${head} CompileError ("${text}"), got ${describeError(e)}`);
      }
      return fail(`${head} CompileError ("${text}"), but the module compiled`);
    }
    const result = this.load(bytes);
    if (type === 'assert_unlinkable') {
      if (result.ok) return fail(`${head} LinkError ("${text}"), but the module instantiated`);
      if (result.phase === 'compile') return fail(`${head} LinkError ("${text}"), but it failed to compile: ${describeError(result.error)}`);
      return result.error.kind === 'link' ? undefined : fail(`${head} LinkError ("${text}"), got ${describeError(result.error)}`);
    }
    // assert_uninstantiable: a trap while instantiating (a start function, or an
    // out-of-bounds segment); what was written before the trap stays written.
    if (result.ok) return fail(`${head} instantiation to trap "${text}", but the module instantiated`);
    if (result.phase === 'compile') return fail(`${head} instantiation to trap "${text}", but it failed to compile: ${describeError(result.error)}`);
    if (result.error.kind !== 'trap' || !this.trapMatches(result.error.message, text)) {
      return fail(`${head} instantiation to trap "${text}", got ${describeError(result.error)}`);
    }
    return undefined;
  }
}

export interface RunOptions {
  /** `--filter` patterns (see matchesFilter). */
  readonly filter?: readonly string[];
  /** Leave out the simd_* files. */
  readonly noSimd?: boolean;
  /** Called after each file, e.g. to print progress. */
  readonly onFile?: (report: FileReport) => void;
}

export function runSpecFile(engine: SpecEngine, path: string, refs = new HostRefs()): FileReport {
  return new SpecFileRunner(engine, path, refs).run();
}

/** Runs every command file under `target` (a folder of folders, one folder, or one .json file). */
export function runSpecSuite(engine: SpecEngine, target: string, options: RunOptions = {}): SuiteReport {
  const start = performance.now();
  const refs = new HostRefs();
  const suite: SuiteReport = { engine: engine.name, files: [], passed: 0, failed: 0, skipped: 0, durationMs: 0 };
  for (const path of findSpecFiles(target)) {
    if (!matchesFilter(path, options.filter ?? []) || (options.noSimd && isSimd(path))) continue;
    const report = runSpecFile(engine, path, refs);
    suite.files.push(report);
    suite.passed += report.passed;
    suite.failed += report.failed;
    suite.skipped += report.skipped;
    options.onFile?.(report);
  }
  suite.durationMs = performance.now() - start;
  return suite;
}
