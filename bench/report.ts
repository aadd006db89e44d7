// The benchmark table: each row a measured value, the baseline measured in the same run (when
// there is one), their ratio, the target and whether it was met. Benchmarks report, never gate.

export interface BenchRow {
  readonly name: string;
  readonly unit: string;
  /** null when the measurement was skipped */
  readonly value: number | null;
  readonly baseline: number | null;
  /** ratio = value / baseline, or baseline / value when lower is better */
  readonly lowerIsBetter?: boolean;
  readonly target: string;
  /** null when there is nothing to judge (skipped or informational) */
  readonly pass: boolean | null;
  readonly note?: string;
}

function format(value: number | null): string {
  if (value === null) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
}

export function ratio(row: BenchRow): number | null {
  if (row.value === null || row.baseline === null || row.value === 0 || row.baseline === 0) {
    return null;
  }
  return row.lowerIsBetter === true ? row.baseline / row.value : row.value / row.baseline;
}

export function printTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'value', 'baseline', 'ratio', 'target', 'result'];
  const body = rows.map((row) => {
    const r = ratio(row);
    return [
      row.name,
      `${format(row.value)} ${row.unit}`,
      row.baseline === null ? '-' : `${format(row.baseline)} ${row.unit}`,
      r === null ? '-' : `${r.toFixed(1)}x`,
      row.target,
      row.pass === null ? (row.value === null ? 'skipped' : 'info') : row.pass ? 'PASS' : 'FAIL',
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((line) => line[i]?.length ?? 0)),
  );
  const render = (cells: readonly string[]): string =>
    cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  const lines = [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(render)];
  for (const row of rows) if (row.note !== undefined) lines.push(`  ${row.name}: ${row.note}`);
  return lines.join('\n');
}
