import { type ReactNode, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { type CsvCell, toCsv } from '../lib/csv.ts';
import { exportCsv } from '../lib/export-csv.ts';
import { IconArrowDown, IconArrowUp, IconDownload } from './icons.tsx';

export type Column<Row> = {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  csv: (row: Row) => CsvCell;
  /** a value to sort the shown rows by; absent: not sortable here */
  sortValue?: (row: Row) => string | number | null;
  numeric?: boolean;
  /** keep the cell on one line (dates) */
  nowrap?: boolean;
};

type Sort = { key: string; dir: 'asc' | 'desc' } | null;

/**
 * A table with sticky headers, sortable columns and a CSV export of exactly the rows and
 * columns shown, in the order shown.
 */
export function DataTable<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  csvFilename: string;
  initialSort?: Sort;
  /** server-side sorting: the header reports clicks instead of sorting the page */
  serverSort?: {
    key: string;
    dir: 'asc' | 'desc';
    sortable: readonly string[];
    onSort: (key: string) => void;
  };
  toolbar?: ReactNode;
  /** replaces the row count above the table (e.g. the total of a paginated set) */
  summary?: ReactNode;
  testId?: string;
  rowAttributes?: (row: Row) => Record<string, string>;
}) {
  const { t, fmt } = useI18n();
  const [sort, setSort] = useState<Sort>(props.initialSort ?? null);
  const rows = useMemo(() => {
    if (props.serverSort || !sort) return props.rows;
    const column = props.columns.find((c) => c.key === sort.key);
    if (!column?.sortValue) return props.rows;
    const value = column.sortValue;
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...props.rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null && vb === null) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      return (
        sign *
        (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb)))
      );
    });
  }, [props.rows, props.columns, props.serverSort, sort]);

  const exportRows = () =>
    exportCsv({
      filename: props.csvFilename,
      csv: toCsv(
        props.columns.map((c) => ({ header: c.header, value: c.csv })),
        rows,
      ),
      view: props.caption,
      rows: rows.length,
    });

  const sortState = (column: Column<Row>): { dir: 'asc' | 'desc' | null; sortable: boolean } => {
    if (props.serverSort) {
      return {
        sortable: props.serverSort.sortable.includes(column.key),
        dir: props.serverSort.key === column.key ? props.serverSort.dir : null,
      };
    }
    return { sortable: column.sortValue !== undefined, dir: sort?.key === column.key ? sort.dir : null };
  };
  const onSort = (column: Column<Row>) => {
    if (props.serverSort) return props.serverSort.onSort(column.key);
    setSort((prev) =>
      prev?.key === column.key
        ? { key: column.key, dir: prev.dir === 'asc' ? 'desc' : 'asc' }
        : { key: column.key, dir: column.numeric ? 'desc' : 'asc' },
    );
  };

  return (
    <div data-testid={props.testId}>
      <div className="table-toolbar">
        <div className="muted num">{props.summary ?? t.table.rows(fmt.integer(rows.length))}</div>
        <div className="page-actions">
          {props.toolbar}
          <button
            type="button"
            className="btn btn-small"
            onClick={exportRows}
            aria-label={t.table.exportCsvLabel(props.caption)}
            data-testid="csv-export"
          >
            <IconDownload />
            {t.table.exportCsv}
          </button>
        </div>
      </div>
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => {
                const state = sortState(column);
                return (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.numeric ? 'num' : undefined}
                    aria-sort={
                      state.dir === 'asc' ? 'ascending' : state.dir === 'desc' ? 'descending' : undefined
                    }
                  >
                    {state.sortable ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onSort(column)}
                        title={t.table.sortBy(column.header)}
                      >
                        {column.header}
                        {state.dir === 'asc' ? <IconArrowUp size={11} /> : null}
                        {state.dir === 'desc' ? <IconArrowDown size={11} /> : null}
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={props.rowKey(row)} {...props.rowAttributes?.(row)}>
                {props.columns.map((column) => (
                  <td
                    key={column.key}
                    className={
                      [column.numeric ? 'num' : '', column.nowrap ? 'nowrap' : ''].join(' ').trim() ||
                      undefined
                    }
                  >
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
