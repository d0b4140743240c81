import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { downloadCsv } from './csv.ts';

export interface Column<Row> {
  header: string;
  /** What the cell shows. */
  cell: (row: Row) => ReactNode;
  /** What the CSV holds (numbers stay numbers). */
  csv: (row: Row) => string | number | null;
  numeric?: boolean;
  /** Makes the cell a button that opens the conversations behind it. */
  drill?: (row: Row) => (() => void) | null;
}

/** The numbers behind a chart, with a CSV download of exactly what the table shows. */
export function ReportTable<Row>({
  title,
  filename,
  columns,
  rows,
  testId,
}: {
  title: string;
  filename: string;
  columns: Column<Row>[];
  rows: Row[];
  testId?: string;
}) {
  const { t } = useI18n();
  const exportCsv = () =>
    downloadCsv(`${filename}.csv`, [
      columns.map((c) => c.header),
      ...rows.map((row) => columns.map((c) => c.csv(row))),
    ]);
  return (
    <section className="report-table">
      <header className="report-table-header">
        <h3>{title}</h3>
        <button type="button" className="button" onClick={exportCsv}>
          {t('reports.csv')}
        </button>
      </header>
      <div className="admin-table-wrap">
        <table className="admin-table" data-testid={testId}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'number' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {columns.map((c) => {
                  const open = c.drill?.(row) ?? null;
                  return (
                    <td key={c.header} className={c.numeric ? 'number' : undefined}>
                      {open ? (
                        <button type="button" className="link-button" onClick={open}>
                          {c.cell(row)}
                        </button>
                      ) : (
                        c.cell(row)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
