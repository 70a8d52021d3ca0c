/**
 * Accessible charts rendered on the server as SVG: a title and description for assistive
 * technology, a legend in words, every segment carrying its numbers, and the page shows the same
 * numbers in a table beside the chart. All text is escaped.
 */
import { escapeHtml } from "./search/highlight.js";

export interface ChartGroup {
  label: string;
  /** A shorter label for under a column ("2024*" for "2024 (to date)"); the label otherwise. */
  short?: string;
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
  /** The language of the groups' labels when it is not the page's (the corpus's country names). */
  labelLang?: string | undefined;
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
  const lang = o.labelLang ? ` lang="${e(o.labelLang)}"` : "";

  if (o.layout === "bars") {
    const labelWidth = 180;
    const barArea = 460;
    const rowHeight = 30;
    width = labelWidth + barArea + 50;
    height = o.groups.length * rowHeight + 30 + legendHeight;
    o.groups.forEach((group, i) => {
      const y = i * rowHeight + 10;
      parts.push(
        `<text class="chart-label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end"${lang}>${e(group.label)}</text>`,
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
        `<text class="chart-label" x="${x + columnWidth / 2}" y="${chartHeight + 28}" text-anchor="middle"${lang}>${e(group.short ?? group.label)}</text>`,
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

export interface TimelineBar {
  /** `planned`: the workplan's dates; `held`: the dates a source confirms. */
  kind: "planned" | "held";
  /** YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source. */
  start: string;
  end: string | null;
  /** What the bar stands for, in words (read by assistive technology and shown on hover). */
  title: string;
}

export interface TimelineOptions {
  id: string;
  title: string;
  description: string;
  /** The project's first and last day: drawn as the frame of the timeline. */
  from: string;
  to: string;
  rows: readonly { label: string; bars: readonly TimelineBar[] }[];
  /** The legend's words for the two kinds of bar, in the page's language. */
  legend: { planned: string; held: string };
}

/**
 * Where a date falls on a month axis, in months since January of year 0: a period's `start`
 * edge is the first day it can mean (2016 → 1 January), its `end` edge the last (2016 → the end
 * of December), so a date known only to the month or year covers all of it.
 */
export function monthPosition(date: string, edge: "start" | "end"): number {
  const [y = "0", m, d] = date.split("-");
  const year = Number(y);
  if (m === undefined) return year * 12 + (edge === "start" ? 0 : 12);
  const month = year * 12 + Number(m) - 1;
  if (d === undefined) return month + (edge === "start" ? 0 : 1);
  const days = new Date(Date.UTC(year, Number(m), 0)).getUTCDate();
  return month + (Number(d) - (edge === "start" ? 1 : 0)) / days;
}

/** An SVG timeline: one row per activity, its planned periods above and confirmed ones below. */
export function timelineChart(o: TimelineOptions): string {
  const e = escapeHtml;
  const bars = o.rows.flatMap((r) => r.bars);
  const first = Math.floor(
    Math.min(monthPosition(o.from, "start"), ...bars.map((b) => monthPosition(b.start, "start"))),
  );
  const last = Math.ceil(
    Math.max(
      monthPosition(o.to, "end"),
      ...bars.map((b) => monthPosition(b.end ?? b.start, "end")),
    ),
  );
  const labelWidth = 92;
  const plotWidth = 600;
  const rowHeight = 22;
  const top = 26;
  const perMonth = plotWidth / Math.max(1, last - first);
  const x = (position: number) => labelWidth + (position - first) * perMonth;
  // Below the rows, the legend: one line per kind of bar (in Russian or Ukrainian, the words
  // of the first are too long to leave room for the second beside them).
  const height = top + o.rows.length * rowHeight + 62;
  const width = labelWidth + plotWidth + 16;
  const parts: string[] = [];

  // Years along the top, a faint line at each January, and the project's frame.
  for (let month = first; month <= last; month++) {
    if (month % 12 !== 0) continue;
    // A year's label needs room to its right; the last boundary gets only its line.
    const label = month < last;
    parts.push(
      `<line class="timeline-grid" x1="${x(month).toFixed(1)}" y1="${top - 6}" x2="${x(month).toFixed(1)}" y2="${top + o.rows.length * rowHeight}"/>`,
      label
        ? `<text class="chart-label" x="${(x(month) + 3).toFixed(1)}" y="${top - 10}">${month / 12}</text>`
        : "",
    );
  }
  const frameFrom = x(monthPosition(o.from, "start"));
  const frameTo = x(monthPosition(o.to, "end"));
  parts.push(
    `<rect class="timeline-frame" x="${frameFrom.toFixed(1)}" y="${top - 4}" width="${(frameTo - frameFrom).toFixed(1)}" height="${o.rows.length * rowHeight + 4}"/>`,
  );
  o.rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    parts.push(
      `<text class="chart-label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${e(row.label)}</text>`,
    );
    for (const bar of row.bars) {
      const from = x(monthPosition(bar.start, "start"));
      const to = x(monthPosition(bar.end ?? bar.start, "end"));
      const w = Math.max(5, to - from);
      const barY = bar.kind === "planned" ? y + 3 : y + 11;
      parts.push(
        `<rect class="timeline-${bar.kind}" x="${from.toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="8" data-kind="${bar.kind}"><title>${e(bar.title)}</title></rect>`,
      );
    }
  });
  const legendY = top + o.rows.length * rowHeight + 22;
  parts.push(
    `<rect class="timeline-planned" x="${labelWidth}" y="${legendY - 9}" width="22" height="8"/><text class="chart-legend" x="${labelWidth + 28}" y="${legendY}">${e(o.legend.planned)}</text>`,
    `<rect class="timeline-held" x="${labelWidth}" y="${legendY + 9}" width="22" height="8"/><text class="chart-legend" x="${labelWidth + 28}" y="${legendY + 18}">${e(o.legend.held)}</text>`,
  );

  return [
    `<svg class="chart timeline-chart" id="${e(o.id)}" role="img" aria-labelledby="${e(o.id)}-title ${e(o.id)}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${e(o.id)}-title">${e(o.title)}</title>`,
    `<desc id="${e(o.id)}-desc">${e(o.description)}</desc>`,
    ...parts,
    `</svg>`,
  ].join("");
}
