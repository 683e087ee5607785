import { describe, expect, it, vi } from 'vitest';
import { openClickedDatum } from './datum-click.ts';

describe('openClickedDatum', () => {
  const data = [{ key: 'a' }, { key: 'b' }];

  it('opens the datum under the pointer', () => {
    const open = vi.fn();
    openClickedDatum(data, open)({ activeTooltipIndex: 1 });
    openClickedDatum(data, open)({ activeTooltipIndex: '0' });
    expect(open.mock.calls).toEqual([['b'], ['a']]);
  });

  it('opens nothing for a click beside the data', () => {
    const open = vi.fn();
    for (const activeTooltipIndex of [undefined, 2, -1, 0.5, 'x'])
      openClickedDatum(data, open)({ activeTooltipIndex });
    expect(open).not.toHaveBeenCalled();
  });
});
