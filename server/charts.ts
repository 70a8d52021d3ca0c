/**
 * Accessible charts rendered on the server as SVG: a title and description for assistive
 * technology, a legend in words, every segment carrying its numbers, and the page shows the same
 * numbers in a table beside the chart. All text is escaped.
 */
import { escapeHtml } from "./search/highlight.js";

export interface ChartGroup {
  label: string;
  counts: Record<string, number>;
  total: number;
}

export interface ChartOptions {
  id: string;
  title: string;
  description: string;
  groups: readonly ChartGroup[];
  /** Stacking order, with the words shown in the legend. */
  series: readonly { key: string; label: string }[];
  /** `bars`: one horizontal bar per group; `columns`: one vertical column per group. */
  layout: "bars" | "columns";
}

/** An SVG stacked chart. */
export function stackedChart(o: ChartOptions): string {
  const e = escapeHtml;
  const max = Math.max(
    1,
    ...o.groups.map((g) => o.series.reduce((sum, s) => sum + (g.counts[s.key] ?? 0), 0)),
  );
  const legendRows = Math.ceil(o.series.length / 4);
  const legendHeight = legendRows * 22 + 10;
  const parts: string[] = [];
  let width: number;
  let height: number;

  if (o.layout === "bars") {
    const labelWidth = 180;
    const barArea = 460;
    const rowHeight = 30;
    width = labelWidth + barArea + 50;
    height = o.groups.length * rowHeight + 30 + legendHeight;
    o.groups.forEach((group, i) => {
      const y = i * rowHeight + 10;
      parts.push(
        `<text class="chart-label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${e(group.label)}</text>`,
      );
      let x = labelWidth;
      for (const s of o.series) {
        const count = group.counts[s.key] ?? 0;
        if (count === 0) continue;
        const w = (count / max) * barArea;
        parts.push(
          `<rect class="seg seg-${e(s.key)}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="20" data-group="${e(group.label)}" data-series="${e(s.key)}" data-count="${count}"><title>${e(group.label)}: ${e(s.label)}, ${count}</title></rect>`,
        );
        x += w;
      }
      const total = o.series.reduce((sum, s) => sum + (group.counts[s.key] ?? 0), 0);
      parts.push(
        `<text class="chart-total" x="${(x + 6).toFixed(1)}" y="${y + 15}">${total}</text>`,
      );
    });
    parts.push(
      `<line class="chart-axis" x1="${labelWidth}" y1="4" x2="${labelWidth}" y2="${o.groups.length * rowHeight + 8}"/>`,
    );
  } else {
    const columnWidth = 44;
    const gap = 18;
    const chartHeight = 200;
    width = Math.max(360, o.groups.length * (columnWidth + gap) + 60);
    height = chartHeight + 40 + legendHeight;
    o.groups.forEach((group, i) => {
      const x = 40 + i * (columnWidth + gap);
      let y = chartHeight + 10;
      for (const s of o.series) {
        const count = group.counts[s.key] ?? 0;
        if (count === 0) continue;
        const h = (count / max) * chartHeight;
        y -= h;
        parts.push(
          `<rect class="seg seg-${e(s.key)}" x="${x}" y="${y.toFixed(1)}" width="${columnWidth}" height="${h.toFixed(1)}" data-group="${e(group.label)}" data-series="${e(s.key)}" data-count="${count}"><title>${e(group.label)}: ${e(s.label)}, ${count}</title></rect>`,
        );
      }
      parts.push(
        `<text class="chart-label" x="${x + columnWidth / 2}" y="${chartHeight + 28}" text-anchor="middle">${e(group.label.replace(/ \(to date\)$/, "*"))}</text>`,
      );
    });
    parts.push(
      `<line class="chart-axis" x1="34" y1="${chartHeight + 10}" x2="${width - 10}" y2="${chartHeight + 10}"/>`,
    );
    parts.push(
      `<text class="chart-total" x="4" y="16">${max}</text><text class="chart-total" x="4" y="${chartHeight + 10}">0</text>`,
    );
  }

  const legendTop = height - legendHeight + 8;
  o.series.forEach((s, i) => {
    const x = 10 + (i % 4) * 170;
    const y = legendTop + Math.floor(i / 4) * 22;
    parts.push(
      `<rect class="seg seg-${e(s.key)}" x="${x}" y="${y}" width="14" height="14"/><text class="chart-legend" x="${x + 20}" y="${y + 12}">${e(s.label)}</text>`,
    );
  });
  width = Math.max(width, 700);

  return [
    `<svg class="chart" id="${e(o.id)}" role="img" aria-labelledby="${e(o.id)}-title ${e(o.id)}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${e(o.id)}-title">${e(o.title)}</title>`,
    `<desc id="${e(o.id)}-desc">${e(o.description)}</desc>`,
    ...parts,
    `</svg>`,
  ].join("");
}
