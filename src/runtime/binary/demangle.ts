// Readable names for stack traces: Rust's legacy symbol mangling
// (`_ZN` <len><ident>... `17h<hash>` `E`) becomes `crate::module::item`.
// Anything else is returned unchanged.

const ESCAPES: Record<string, string> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};

function unescape(part: string): string {
  let s = part.startsWith('_$') ? part.slice(1) : part;
  s = s.replace(/\$([A-Za-z]{1,2}|u[0-9a-f]{1,6})\$/g, (whole, code: string) => {
    if (code[0] === 'u' && code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? whole;
  });
  return s.replace(/\.\./g, '::');
}

export function demangle(name: string): string {
  let i = name.startsWith('_ZN') ? 3 : name.startsWith('__ZN') ? 4 : name.startsWith('ZN') ? 2 : -1;
  if (i < 0) return name;
  const parts: string[] = [];
  while (i < name.length && name[i] !== 'E') {
    let len = 0;
    const start = i;
    while (i < name.length && name[i]! >= '0' && name[i]! <= '9') len = len * 10 + (name.charCodeAt(i++) - 48);
    if (i === start || len === 0 || i + len > name.length) return name;
    parts.push(name.slice(i, i + len));
    i += len;
  }
  if (i >= name.length || parts.length === 0) return name;
  const last = parts[parts.length - 1]!;
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(last)) parts.pop();
  return parts.map(unescape).join('::');
}
