import { describe, expect, it } from 'vitest';
import { demangle } from '../../src/runtime/binary/demangle.ts';

describe('Rust symbol demangling for stack traces', () => {
  it('turns legacy mangled symbols into paths without the hash', () => {
    expect(demangle('_ZN10arcade_sdk3sys9draw_rect17h7d3c618e94e14ebfE')).toBe('arcade_sdk::sys::draw_rect');
    expect(demangle('_ZN4core3ptr36drop_in_place$LT$breakout..World$GT$17hd4a7f08a60e97fb8E')).toBe('core::ptr::drop_in_place<breakout::World>');
    expect(demangle('_ZN8dlmalloc8dlmalloc17Dlmalloc$LT$A$GT$4free17hc162d4563cf6e25bE')).toBe('dlmalloc::dlmalloc::Dlmalloc<A>::free');
    expect(demangle('_ZN71_$LT$core..ops..range..Range$LT$Idx$GT$$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE'))
      .toBe('<core::ops::range::Range<Idx> as core::fmt::Debug>::fmt');
  });

  it('leaves other names alone', () => {
    expect(demangle('update')).toBe('update');
    expect(demangle('_ZN3foo')).toBe('_ZN3foo');
    expect(demangle('_ZN99fooE')).toBe('_ZN99fooE');
  });
});
