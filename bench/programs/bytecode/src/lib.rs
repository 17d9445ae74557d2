//! A bytecode interpreter: a small stack machine (push, arithmetic, locals,
//! jumps, calls with a return stack) running a program that counts primes
//! by trial division and sums a Collatz sequence. The dispatch is a `match`
//! on the opcode byte (a br_table in wasm) with a Vec as the value stack.
//! Written for issue 15.

#[derive(Clone, Copy)]
#[repr(u8)]
enum Op {
    Push = 0, Load, Store, Add, Sub, Mul, Rem, Div, Lt, Eq, Jz, Jmp, Call, Ret, Dup, Drop, Halt,
}

const OPS: [Op; 17] = [Op::Push, Op::Load, Op::Store, Op::Add, Op::Sub, Op::Mul, Op::Rem, Op::Div, Op::Lt, Op::Eq, Op::Jz, Op::Jmp, Op::Call, Op::Ret, Op::Dup, Op::Drop, Op::Halt];

struct Asm {
    code: Vec<i32>,
}

impl Asm {
    fn op(&mut self, o: Op) -> &mut Self { self.code.push(o as i32); self }
    fn arg(&mut self, o: Op, a: i32) -> &mut Self { self.code.push(o as i32); self.code.push(a); self }
    fn here(&self) -> i32 { self.code.len() as i32 }
    fn patch(&mut self, at: i32, v: i32) { self.code[at as usize] = v; }
}

/// locals: 0 = n, 1 = i, 2 = count, 3 = d, 4 = prime flag, 5 = collatz x, 6 = steps
fn program() -> Vec<i32> {
    let mut a = Asm { code: Vec::new() };
    // i = 2
    a.arg(Op::Push, 2).arg(Op::Store, 1);
    let outer = a.here();
    // while i < n
    a.arg(Op::Load, 1).arg(Op::Load, 0).op(Op::Lt).arg(Op::Jz, 0);
    let exit_patch = a.here() - 1;
    // prime = 1; d = 2
    a.arg(Op::Push, 1).arg(Op::Store, 4).arg(Op::Push, 2).arg(Op::Store, 3);
    let inner = a.here();
    // while d*d < i+1
    a.arg(Op::Load, 3).op(Op::Dup).op(Op::Mul).arg(Op::Load, 1).arg(Op::Push, 1).op(Op::Add).op(Op::Lt).arg(Op::Jz, 0);
    let inner_exit = a.here() - 1;
    // if i % d == 0 { prime = 0 }
    a.arg(Op::Load, 1).arg(Op::Load, 3).op(Op::Rem).arg(Op::Push, 0).op(Op::Eq).arg(Op::Jz, 0);
    let skip = a.here() - 1;
    a.arg(Op::Push, 0).arg(Op::Store, 4);
    let after = a.here();
    a.patch(skip, after);
    a.arg(Op::Load, 3).arg(Op::Push, 1).op(Op::Add).arg(Op::Store, 3).arg(Op::Jmp, inner);
    let inner_done = a.here();
    a.patch(inner_exit, inner_done);
    // count += prime; call collatz(i) every prime
    a.arg(Op::Load, 2).arg(Op::Load, 4).op(Op::Add).arg(Op::Store, 2);
    a.arg(Op::Load, 4).arg(Op::Jz, 0);
    let no_call = a.here() - 1;
    a.arg(Op::Call, 0);
    let call_patch = a.here() - 1;
    let after_call = a.here();
    a.patch(no_call, after_call);
    a.arg(Op::Load, 1).arg(Op::Push, 1).op(Op::Add).arg(Op::Store, 1).arg(Op::Jmp, outer);
    let done = a.here();
    a.patch(exit_patch, done);
    a.op(Op::Halt);
    // collatz: x = i; while x != 1 { x = x % 2 == 0 ? x / 2 : 3x + 1; steps++ }
    let collatz = a.here();
    a.patch(call_patch, collatz);
    a.arg(Op::Load, 1).arg(Op::Store, 5);
    let top = a.here();
    a.arg(Op::Load, 5).arg(Op::Push, 1).op(Op::Eq).arg(Op::Jz, 0);
    let go = a.here() - 1;
    a.op(Op::Ret);
    let body = a.here();
    a.patch(go, body);
    a.arg(Op::Load, 6).arg(Op::Push, 1).op(Op::Add).arg(Op::Store, 6);
    a.arg(Op::Load, 5).arg(Op::Push, 2).op(Op::Rem).arg(Op::Jz, 0);
    let even = a.here() - 1;
    a.arg(Op::Load, 5).arg(Op::Push, 3).op(Op::Mul).arg(Op::Push, 1).op(Op::Add).arg(Op::Store, 5).arg(Op::Jmp, top);
    let ev = a.here();
    a.patch(even, ev);
    a.arg(Op::Load, 5).arg(Op::Push, 2).op(Op::Div).arg(Op::Store, 5).arg(Op::Jmp, top);
    a.code
}

fn execute(code: &[i32], n: i32) -> (i32, i32) {
    let mut stack: Vec<i32> = Vec::with_capacity(64);
    let mut rets: Vec<usize> = Vec::with_capacity(16);
    let mut locals = [0i32; 8];
    locals[0] = n;
    let mut pc = 0usize;
    loop {
        let op = OPS[code[pc] as usize];
        pc += 1;
        match op {
            Op::Push => { stack.push(code[pc]); pc += 1; }
            Op::Load => { stack.push(locals[code[pc] as usize]); pc += 1; }
            Op::Store => { locals[code[pc] as usize] = stack.pop().unwrap(); pc += 1; }
            Op::Add => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push(a.wrapping_add(b)); }
            Op::Sub => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push(a.wrapping_sub(b)); }
            Op::Mul => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push(a.wrapping_mul(b)); }
            Op::Rem => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push(a.wrapping_rem(b)); }
            Op::Div => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push(a.wrapping_div(b)); }
            Op::Lt => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push((a < b) as i32); }
            Op::Eq => { let b = stack.pop().unwrap(); let a = stack.pop().unwrap(); stack.push((a == b) as i32); }
            Op::Jz => { let t = code[pc]; pc += 1; if stack.pop().unwrap() == 0 { pc = t as usize; } }
            Op::Jmp => { pc = code[pc] as usize; }
            Op::Call => { rets.push(pc + 1); pc = code[pc] as usize; }
            Op::Ret => { pc = rets.pop().unwrap(); }
            Op::Dup => { let v = *stack.last().unwrap(); stack.push(v); }
            Op::Drop => { stack.pop(); }
            Op::Halt => return (locals[2], locals[6]),
        }
    }
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let code = program();
    let (primes, steps) = execute(&code, n as i32);
    ((primes as u64) << 32) | steps as u32 as u64
}
