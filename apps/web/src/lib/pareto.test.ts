import { describe, expect, it } from 'vitest';
import { paretoSeries } from './pareto.ts';

describe('paretoSeries', () => {
  it('sorts descending with cumulative shares and marks the vital few up to 80%', () => {
    const s = paretoSeries([
      { key: 'c', label: 'C', value: 100 },
      { key: 'a', label: 'A', value: 600 },
      { key: 'd', label: 'D', value: null },
      { key: 'b', label: 'B', value: 300 },
      { key: 'e', label: 'E', value: -50 },
    ]);
    expect(s.total).toBe(1000);
    expect(s.items.map((i) => [i.key, i.share, i.cumulative, i.vital])).toEqual([
      ['a', 60, 60, true],
      ['b', 30, 90, true],
      ['c', 10, 100, false],
    ]);
    expect(s.vitalCount).toBe(2);
  });

  it('handles an empty or all-zero input', () => {
    expect(paretoSeries([])).toEqual({ items: [], total: 0, vitalCount: 0 });
    expect(paretoSeries([{ key: 'a', label: 'A', value: 0 }]).items).toEqual([]);
  });

  it('breaks ties by label so the order is stable', () => {
    const s = paretoSeries([
      { key: 'z', label: 'Zeta', value: 5 },
      { key: 'a', label: 'Alpha', value: 5 },
    ]);
    expect(s.items.map((i) => i.key)).toEqual(['a', 'z']);
  });
});
