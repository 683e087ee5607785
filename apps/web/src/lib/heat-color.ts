/**
 * Colour scales of the heatmap: sequential light → deep blue, diverging orange (worse) →
 * grey (on target) → blue (better), both readable by people with red-green colour blindness.
 * The text colour is chosen for WCAG AA contrast on its background.
 */
type Rgb = [number, number, number];

const SEQ_LOW: Rgb = [236, 242, 250];
const SEQ_HIGH: Rgb = [24, 66, 128];
const DIV_BAD: Rgb = [178, 62, 18];
const DIV_MID: Rgb = [242, 241, 238];
const DIV_GOOD: Rgb = [22, 84, 150];

// pure black: with white, one of the two always reaches 4.5:1 on any background
const DARK_TEXT = '#000000';
const LIGHT_TEXT = '#ffffff';

export type CellColours = { background: string; foreground: string };

export function heatColours(intensity: number, mode: 'sequential' | 'diverging'): CellColours {
  const rgb =
    mode === 'sequential'
      ? mix(SEQ_LOW, SEQ_HIGH, clamp(intensity, 0, 1))
      : intensity < 0
        ? mix(DIV_MID, DIV_BAD, clamp(-intensity, 0, 1))
        : mix(DIV_MID, DIV_GOOD, clamp(intensity, 0, 1));
  const background = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  const foreground = contrast(rgb, [255, 255, 255]) >= contrast(rgb, [0, 0, 0]) ? LIGHT_TEXT : DARK_TEXT;
  return { background, foreground };
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round((a[i] ?? 0) + ((b[i] ?? 0) - (a[i] ?? 0)) * t)) as Rgb;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio between two colours */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
