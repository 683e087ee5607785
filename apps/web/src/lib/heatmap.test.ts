import { describe, expect, it } from 'vitest';
import { kv } from './fixtures.test-util.ts';
import { contrast, heatColours } from './heat-color.ts';
import { type HeatInput, heatmapMatrix } from './heatmap.ts';

const inputs: HeatInput[] = [
  { stage: 'service', column: 'phone', columnLabel: 'Phone', value: kv(-10, 80) },
  { stage: 'awareness', column: 'web', columnLabel: 'Website', value: kv(40, 200) },
  { stage: 'service', column: 'web', columnLabel: 'Website', value: kv(20, 10) },
  { stage: 'purchase', column: 'store', columnLabel: 'Store', value: kv(null, 0) },
];

describe('heatmapMatrix', () => {
  it('orders stages along the journey and columns by label', () => {
    const m = heatmapMatrix(inputs, { better: 'higher' });
    expect(m.rows).toEqual(['awareness', 'purchase', 'service']);
    expect(m.columns.map((c) => c.key)).toEqual(['phone', 'store', 'web']);
    expect(m.cells[2]?.[0]).toMatchObject({ stage: 'service', column: 'phone', value: -10, n: 80 });
    expect(m.cells[0]?.[0]).toMatchObject({ value: null, n: 0, intensity: null });
  });

  it('colours a plain value on a sequential scale from min to max', () => {
    const m = heatmapMatrix(inputs, { better: 'higher' });
    expect(m.scale).toEqual({ mode: 'sequential', min: -10, max: 40 });
    expect(m.cells[0]?.[2]?.intensity).toBe(1);
    expect(m.cells[2]?.[0]?.intensity).toBe(0);
    expect(m.cells[2]?.[2]).toMatchObject({ intensity: 0.6, lowSample: true });
    expect(m.cells[1]?.[1]).toMatchObject({ value: null, lowSample: false });
  });

  it('centres a diverging scale on the target, better side positive', () => {
    const m = heatmapMatrix(inputs, { better: 'higher', target: 20 });
    expect(m.scale).toEqual({ mode: 'diverging', target: 20, maxGap: 30 });
    expect(m.cells[2]?.[0]?.intensity).toBe(-1);
    expect(m.cells[0]?.[2]?.intensity).toBeCloseTo(2 / 3);
    expect(m.cells[2]?.[2]?.intensity).toBe(0);
    const lower = heatmapMatrix(inputs, { better: 'lower', target: 20 });
    expect(lower.cells[2]?.[0]?.intensity).toBe(1);
  });

  it('keeps the stages asked for even without data, and a given column order', () => {
    const m = heatmapMatrix([], { better: 'higher', stages: ['loyalty', 'awareness'], columnOrder: ['x'] });
    expect(m.rows).toEqual(['awareness', 'loyalty']);
    expect(m.columns).toEqual([]);
    expect(m.scale).toBeNull();
    const ordered = heatmapMatrix(inputs, { better: 'higher', columnOrder: ['web', 'phone', 'store'] });
    expect(ordered.columns.map((c) => c.key)).toEqual(['web', 'phone', 'store']);
  });
});

describe('heatmapMatrix without empty columns', () => {
  it('drops the columns where no shown stage has a record', () => {
    const m = heatmapMatrix(inputs, { better: 'higher', dropEmptyColumns: true });
    expect(m.columns.map((c) => c.key)).toEqual(['phone', 'web']);
    const onlyPurchase = heatmapMatrix(inputs, {
      better: 'higher',
      dropEmptyColumns: true,
      stages: ['purchase'],
    });
    expect(onlyPurchase.columns).toEqual([]);
  });
});

describe('heatColours', () => {
  it('picks a text colour with AA contrast on every shade', () => {
    for (const mode of ['sequential', 'diverging'] as const) {
      for (let t = mode === 'sequential' ? 0 : -1; t <= 1; t += 0.1) {
        const { background, foreground } = heatColours(t, mode);
        const bg = background.match(/\d+/g)?.map(Number) as [number, number, number];
        const fg: [number, number, number] = foreground === '#ffffff' ? [255, 255, 255] : [0, 0, 0];
        expect(contrast(bg, fg)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
