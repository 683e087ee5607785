/**
 * A chart's click handler that opens the clicked datum: recharts reports the index of the
 * datum under the pointer (the tooltip's), not the datum itself.
 */
export function openClickedDatum<T extends { key: string }>(data: readonly T[], open: (key: string) => void) {
  return (state: { activeTooltipIndex?: unknown }) => {
    const i = Number(state.activeTooltipIndex);
    const d = Number.isInteger(i) ? data[i] : undefined;
    if (d) open(d.key);
  };
}
