// A fixed-width text table whose cells may wrap onto several lines (a claim's status path is long).

/** Splits items joined by `separator` into lines of at most `width` characters (items stay whole). */
export function wrap(items: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? item + separator : item;
    if (line !== '' && (line + piece).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  }
  if (line !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** Renders rows of cells (each cell one or more lines) under the headers, columns padded. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly (string | readonly string[])[])[],
): string {
  const cellLines = rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' ? [cell] : cell)),
  );
  const widths = headers.map((header, column) =>
    Math.max(
      header.length,
      ...cellLines.flatMap((row) => (row[column] ?? []).map((line) => line.length)),
    ),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [render(headers), render(widths.map((width) => '-'.repeat(width)))];
  for (const row of cellLines) {
    const height = Math.max(1, ...row.map((lines) => lines.length));
    for (let i = 0; i < height; i++) out.push(render(row.map((lines) => lines[i] ?? '')));
  }
  return out.join('\n');
}
