import { sparklineGeometry, type TrendPoint } from '../lib/sparkline.ts';

const WIDTH = 104;
const HEIGHT = 30;

/** A word-sized trend line (Tufte): no axes, the last point marked. */
export function Sparkline({ points, label }: { points: readonly TrendPoint[]; label: string }) {
  const geometry = sparklineGeometry(points, WIDTH, HEIGHT, 3);
  if (!geometry) return <svg width={WIDTH} height={HEIGHT} aria-hidden="true" className="sparkline" />;
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="sparkline"
      role="img"
      aria-label={label}
    >
      <path
        d={geometry.path}
        fill="none"
        stroke="var(--chart-actual)"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
      {geometry.last ? (
        <circle cx={geometry.last.x} cy={geometry.last.y} r="2.6" fill="var(--chart-actual)" />
      ) : null}
    </svg>
  );
}
