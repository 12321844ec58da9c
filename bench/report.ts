// The table every benchmark prints.

export interface Row {
  backend: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function printTable(rows: Row[]): void {
  const cols = ['backend', 'measure', 'value', 'unit', 'note'];
  const lines = rows.map((r) => [r.backend, r.name, String(r.value), r.unit, r.note ?? '']);
  const widths = cols.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write(`${fmt(cols)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`);
}
