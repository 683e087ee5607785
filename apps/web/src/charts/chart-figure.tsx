import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/** A chart with its title, legend and the same data as a table for screen readers and keyboards. */
export function ChartFigure(props: {
  title: string;
  subtitle?: ReactNode;
  legend?: ReactNode;
  table: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <figure className="card chart-card" style={{ margin: 0 }} data-testid={props.testId}>
      <figcaption>
        <h3>{props.title}</h3>
        {props.subtitle ? <p className="hint">{props.subtitle}</p> : null}
      </figcaption>
      <div aria-hidden="true">{props.children}</div>
      {props.legend ? <div className="chart-legend">{props.legend}</div> : null}
      <details className="chart-table">
        <summary>{t.table.showTable}</summary>
        <div style={{ marginTop: 8 }}>{props.table}</div>
      </details>
    </figure>
  );
}

export function LegendItem({ colour, label, dashed }: { colour: string; label: string; dashed?: boolean }) {
  return (
    <span>
      <span
        className="legend-swatch"
        style={
          dashed
            ? { background: 'none', borderTop: `2px dashed ${colour}`, height: 0 }
            : { background: colour }
        }
      />
      {label}
    </span>
  );
}
