import { FILTER_DIMENSIONS, type FilterDimension } from '@parcours/domain';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { referenceQuery, sessionQuery } from '../api/queries.ts';
import { useDashboard } from '../hooks/use-dashboard.ts';
import { useIdle } from '../hooks/use-idle.ts';
import { useSearchUpdate } from '../hooks/use-search-update.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { scopedReference } from '../lib/access.ts';
import { activeFilterCount } from '../lib/search.ts';
import { filterOptions, valueLabel } from './filter-options.ts';
import { IconChevronDown, IconClose, IconFilter } from './icons.tsx';
import { useDismissable } from './use-dismissable.ts';

export function FilterBar() {
  const { t } = useI18n();
  const { search } = useDashboard();
  const count = activeFilterCount(search);
  // the choices are not needed for the first paint unless filters are shown as chips
  const reference = useQuery({ ...referenceQuery, enabled: useIdle(count > 0) });
  const update = useSearchUpdate();
  // only the departments, teams and touchpoints of the user's scope are offered
  const session = useQuery(sessionQuery);
  const offered =
    reference.data && session.data ? scopedReference(reference.data, session.data.scope) : reference.data;

  const setValues = (dim: FilterDimension, values: string[]) =>
    update({ [dim]: values.length > 0 ? values : undefined, page: undefined });

  return (
    <section className="filters" aria-label={t.filters.title}>
      <div className="filter-bar">
        <span className="muted" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <IconFilter />
          <span className="sr-only">{t.filters.title}</span>
        </span>
        {FILTER_DIMENSIONS.filter(
          // an agent's scope is one team: no department to choose
          (dim) => !(dim === 'department' && session.data?.scope.kind === 'team' && !search.department),
        ).map((dim) => (
          <FilterPopover
            key={dim}
            dim={dim}
            selected={search[dim] ?? []}
            onChange={(values) => setValues(dim, values)}
            options={filterOptions(dim, offered, search, t)}
          />
        ))}
        {count > 0 ? (
          <button
            type="button"
            className="btn-link"
            onClick={() =>
              update(
                Object.fromEntries([...FILTER_DIMENSIONS.map((d) => [d, undefined]), ['page', undefined]]),
              )
            }
          >
            {t.filters.clearAll}
          </button>
        ) : null}
      </div>
      {count > 0 ? (
        <ul
          className="chips"
          aria-label={t.filters.active(count)}
          style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}
        >
          {FILTER_DIMENSIONS.flatMap((dim) =>
            (search[dim] ?? []).map((value) => {
              const label = t.pair(t.dimension[dim], valueLabel(dim, value, reference.data, t));
              return (
                <li key={`${dim}:${value}`} className="chip">
                  {label}
                  <button
                    type="button"
                    aria-label={t.filters.remove(label)}
                    onClick={() =>
                      setValues(
                        dim,
                        (search[dim] ?? []).filter((v) => v !== value),
                      )
                    }
                  >
                    <IconClose size={12} />
                  </button>
                </li>
              );
            }),
          )}
        </ul>
      ) : null}
    </section>
  );
}

function FilterPopover(props: {
  dim: FilterDimension;
  selected: readonly string[];
  options: { value: string; label: string }[];
  onChange: (values: string[]) => void;
}) {
  const { t } = useI18n();
  const { ref, close } = useDismissable<HTMLDetailsElement>();
  const id = useId();
  const active = props.selected.length > 0;
  const label = t.dimension[props.dim];
  const toggle = (value: string, checked: boolean) => {
    const next = checked ? [...props.selected, value] : props.selected.filter((v) => v !== value);
    props.onChange(next);
  };
  return (
    <details ref={ref} className="popover" data-filter={props.dim}>
      <summary className="filter-button" data-active={active}>
        {label}
        {active ? <span className="num">· {props.selected.length}</span> : null}
        <IconChevronDown size={12} />
      </summary>
      <div className="popover-panel">
        <fieldset className="check-list" aria-describedby={`${id}-count`}>
          <legend className="sr-only">{label}</legend>
          {props.options.length === 0 ? <p className="muted">{t.filters.noOptions}</p> : null}
          {props.options.map((o) => (
            <label key={o.value}>
              <input
                type="checkbox"
                value={o.value}
                checked={props.selected.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span id={`${id}-count`} className="hint">
            {t.filters.selected(props.selected.length)}
          </span>
          <button type="button" className="btn btn-small" onClick={close}>
            {t.filters.done}
          </button>
        </div>
      </div>
    </details>
  );
}
