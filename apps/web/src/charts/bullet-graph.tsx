import type { KpiUnit } from '@parcours/domain';
import { bulletGeometry } from '../lib/bullet-graph.ts';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * A bullet graph: grey scale, amber warning band on the worse side of the target, dark bar
 * for the actual (from zero), black tick for the target. Its words are given by `label`.
 */
export function BulletGraph(props: {
  unit: KpiUnit;
  better: 'higher' | 'lower';
  actual: number | null;
  target: number;
  band: number;
  label: string;
}) {
  const g = bulletGeometry(props);
  return (
    <svg className="bullet" role="img" aria-label={props.label} preserveAspectRatio="none">
      <rect x="0" y="3" width="100%" height="20" fill="#e6e9ee" rx="2" />
      <rect
        x={pct(g.band.x0)}
        y="3"
        width={pct(Math.max(0.004, g.band.x1 - g.band.x0))}
        height="20"
        fill="var(--chart-band)"
      />
      {g.origin > 0 && g.origin < 1 ? (
        <line x1={pct(g.origin)} x2={pct(g.origin)} y1="3" y2="23" stroke="#8a93a1" strokeWidth="1" />
      ) : null}
      {g.bar ? (
        <rect
          x={pct(g.bar.x0)}
          y="9"
          width={pct(Math.max(0.004, g.bar.x1 - g.bar.x0))}
          height="8"
          fill="#243b5e"
        />
      ) : null}
      <line x1={pct(g.target)} x2={pct(g.target)} y1="0" y2="26" stroke="#000" strokeWidth="2.5" />
    </svg>
  );
}
