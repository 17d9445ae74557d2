// Function signatures as the contract check compares and prints them
// ("must be (func (param f32)), but it is ..."). The engine's Module.imports()
// and Module.exports() report them (JS type-reflection shape).

export interface FuncType {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

/** `(func (param f32 i32) (result i32))`, as the text format writes it. */
export function formatFuncType(type: FuncType): string {
  let s = '(func';
  if (type.params.length) s += ` (param ${type.params.join(' ')})`;
  if (type.results.length) s += ` (result ${type.results.join(' ')})`;
  return s + ')';
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length && a.params.every((t, i) => t === b.params[i]) && a.results.every((t, i) => t === b.results[i]);
}
