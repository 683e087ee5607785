import { describe, expect, it } from 'vitest';
import { group, kv } from './fixtures.test-util.ts';
import { rankTouchpoints } from './touchpoint-rank.ts';

const groups = [
  group('web', { nps: kv(35) }, 'Website'),
  group('phone', { nps: kv(-5) }, 'Phone'),
  group('store', { nps: kv(null, 0) }, 'Store'),
  group('chat', { nps: kv(20) }, 'Chat'),
];

describe('rankTouchpoints', () => {
  it('ranks by the miss against the target, largest first, no value last', () => {
    const ranked = rankTouchpoints({ groups, kpi: 'nps', better: 'higher', target: 30 });
    expect(ranked.map((r) => [r.key, r.gap])).toEqual([
      ['phone', 35],
      ['chat', 10],
      ['web', -5],
      ['store', null],
    ]);
  });

  it('lets a touchpoint’s own target win, and flips the gap when lower is better', () => {
    const own = rankTouchpoints({
      groups,
      kpi: 'nps',
      better: 'higher',
      target: 30,
      targetOf: (id) => (id === 'web' ? 50 : null),
    });
    expect(own.find((r) => r.key === 'web')?.gap).toBe(15);
    const waits = rankTouchpoints({
      groups: [group('a', { wait_time: kv(100) }), group('b', { wait_time: kv(400) })],
      kpi: 'wait_time',
      better: 'lower',
      target: 120,
    });
    expect(waits.map((r) => [r.key, r.gap])).toEqual([
      ['b', 280],
      ['a', -20],
    ]);
  });

  it('without a target, puts the worst value first', () => {
    const ranked = rankTouchpoints({ groups, kpi: 'nps', better: 'higher', target: null });
    expect(ranked.map((r) => r.key)).toEqual(['phone', 'chat', 'web', 'store']);
  });
});
