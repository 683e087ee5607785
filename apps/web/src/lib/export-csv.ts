import { api } from '../api/endpoints.ts';
import { downloadText } from './download.ts';

/**
 * Downloads a CSV file and tells the audit trail about it (which view, how many rows, which
 * filters). The download does not wait for the notice: the file is the user's either way.
 */
export function exportCsv(options: { filename: string; csv: string; view: string; rows: number }): void {
  void api
    .exportNotice({
      view: options.view.slice(0, 200),
      rows: options.rows,
      filters: window.location.search.slice(0, 4000),
    })
    .catch(() => undefined);
  downloadText(options.filename, options.csv);
}
