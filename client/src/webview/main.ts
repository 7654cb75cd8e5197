// The probe results panel's script, in the webview. The extension rendered everything but the
// charts (client/src/panel/html.ts); this draws the loss and gradient-norm charts with uPlot
// (bundled: nothing is loaded from anywhere else), marks non-finite points, and turns clicks on
// line links and buttons into messages to the extension.

import uPlot from 'uplot';
import type { ChartSeries, PanelCharts, PanelEvent, PanelRequest } from './state';

interface VsCodeApi {
  postMessage(message: PanelRequest): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

interface PanelData {
  charts: PanelCharts | null;
  firstNonFiniteX: number | null;
}

const vscode = acquireVsCodeApi();

function readData(): PanelData {
  const element = document.getElementById('nanscope-data');
  try {
    return JSON.parse(element?.textContent ?? 'null') as PanelData;
  } catch {
    return { charts: null, firstNonFiniteX: null };
  }
}

/** A theme colour from VS Code's CSS variables, with a fallback for hosts that lack one. */
function themeColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** Short numbers for the axes and the legend: 0.0123, 45.6, 1.2e28. */
function formatNumber(v: number): string {
  const abs = Math.abs(v);
  if (v !== 0 && (abs >= 1e5 || abs < 1e-3)) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/**
 * What uPlot draws. Its tick finder gives up on values beyond about 1e17 (and a diverging loss
 * reaches 1e34), so the chart never plots raw magnitudes: a log chart plots log10(y) on a linear
 * axis labelled 1e0, 1e5, ...; a linear chart of huge values plots y / 10^k and says "×1e<k>".
 * Legends always show the real value.
 */
interface Plotted {
  y: (number | null)[];
  /** The real value of a plotted one. */
  real(v: number): number;
  tickLabel(v: number): string;
  /** Where the ticks go (log charts: whole decades, at most about six). */
  splits?: (min: number, max: number) => number[];
  /** "×1e20", for scaled linear charts. */
  note: string;
}

function plotted(series: ChartSeries): Plotted {
  if (series.scale === 'log') {
    return {
      y: series.y.map((v) => (v === null || v <= 0 ? null : Math.log10(v))),
      real: (v) => 10 ** v,
      tickLabel: (v) => (Math.abs(v) <= 3 ? formatNumber(10 ** Math.round(v)) : `1e${Math.round(v)}`),
      splits: (min, max) => {
        const lo = Math.ceil(min - 1e-9);
        const hi = Math.floor(max + 1e-9);
        const step = Math.max(1, Math.ceil((hi - lo) / 5));
        const out: number[] = [];
        for (let e = lo; e <= hi; e += step) out.push(e);
        return out.length > 0 ? out : [min, max];
      },
      note: '',
    };
  }
  let largest = 0;
  for (const v of series.y) if (v !== null) largest = Math.max(largest, Math.abs(v));
  const k = largest >= 1e15 ? Math.floor(Math.log10(largest)) : 0;
  const factor = 10 ** k;
  return {
    y: series.y.map((v) => (v === null ? null : v / factor)),
    real: (v) => v * factor,
    tickLabel: (v) => formatNumber(v),
    note: k === 0 ? '' : `×1e${k}`,
  };
}

/** Draws a vertical mark at each non-finite point, and a dashed one where the first non-finite value was seen. */
function nonFiniteMarks(series: ChartSeries, firstX: number | null, color: string): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const ctx = u.ctx;
          const { top, height } = u.bbox;
          ctx.save();
          ctx.strokeStyle = color;
          ctx.fillStyle = color;
          ctx.lineWidth = Math.max(1, devicePixelRatio);
          const marked = new Set<number>();
          series.y.forEach((v, i) => {
            const x = series.x[i];
            if (v !== null || x === undefined) return;
            const px = Math.round(u.valToPos(x, 'x', true));
            if (marked.has(px)) return;
            marked.add(px);
            ctx.globalAlpha = 0.35;
            ctx.fillRect(px - ctx.lineWidth, top, ctx.lineWidth * 2, height);
            ctx.globalAlpha = 1;
            // A triangle on top of the plot, where the value would be.
            const s = 5 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(px - s, top);
            ctx.lineTo(px + s, top);
            ctx.lineTo(px, top + s * 1.6);
            ctx.closePath();
            ctx.fill();
          });
          if (firstX !== null) {
            const px = Math.round(u.valToPos(firstX, 'x', true));
            ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(px, top);
            ctx.lineTo(px, top + height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

function drawChart(container: HTMLElement, name: string, unit: string, series: ChartSeries, firstX: number | null, color: string): uPlot {
  const foreground = themeColor('--vscode-foreground', '#cccccc');
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  const bad = themeColor('--vscode-charts-red', themeColor('--vscode-errorForeground', '#f14c4c'));
  const fontFamily = themeColor('--vscode-font-family', 'sans-serif');
  const font = `11px ${fontFamily}`;
  const view = plotted(series);
  const keepAll = (_u: uPlot, splits: number[]): number[] => splits;
  const axis = (values: (u: uPlot, splits: number[]) => string[]): uPlot.Axis => ({
    stroke: foreground,
    grid: { stroke: grid, width: 1, filter: keepAll },
    ticks: { stroke: grid, width: 1, filter: keepAll },
    font,
    values,
  });
  const yAxis: uPlot.Axis = { ...axis((_u, splits) => splits.map((v) => (v === null ? '' : view.tickLabel(v)))), size: 64 };
  if (view.splits) {
    const splits = view.splits;
    yAxis.splits = (_u, _axis, min, max) => splits(min, max);
    yAxis.filter = keepAll;
  }
  if (view.note) {
    yAxis.label = view.note;
    yAxis.labelFont = font;
    yAxis.labelSize = 16;
  }
  const options: uPlot.Options = {
    width: Math.max(240, container.clientWidth),
    height: 220,
    scales: { x: { time: false }, y: { auto: true } },
    axes: [{ ...axis((_u, splits) => splits.map((v) => formatNumber(v))), label: unit, labelFont: font }, yAxis],
    series: [
      { label: unit, value: (_u, v) => (v === null || v === undefined ? '—' : formatNumber(v)) },
      {
        label: name,
        stroke: color,
        width: 1.5,
        spanGaps: false,
        points: { show: series.y.length <= 60, size: 4, fill: color },
        value: (_u, v, _s, idx) => (idx === null || idx === undefined ? '—' : v === null || v === undefined ? 'non-finite' : formatNumber(view.real(v))),
      },
    ],
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
    plugins: [nonFiniteMarks(series, firstX, bad)],
  };
  return new uPlot(options, [series.x, view.y], container);
}

function drawCharts(data: PanelData): void {
  const charts = data.charts;
  if (!charts) return;
  const drawn: { plot: uPlot; container: HTMLElement }[] = [];
  const add = (id: string, name: string, series: ChartSeries, color: string): void => {
    const container = document.getElementById(id);
    if (!container || series.y.length === 0) return;
    drawn.push({ plot: drawChart(container, name, charts.unit, series, data.firstNonFiniteX, color), container });
  };
  add('chart-loss', 'loss', charts.loss, themeColor('--vscode-charts-blue', '#3794ff'));
  add('chart-grad', 'gradient norm', charts.gradNorm, themeColor('--vscode-charts-orange', '#d18616'));
  if (drawn.length === 0) return;
  const observer = new ResizeObserver(() => {
    for (const { plot, container } of drawn) plot.setSize({ width: Math.max(240, container.clientWidth), height: 220 });
  });
  for (const { container } of drawn) observer.observe(container);
}

function onClick(event: MouseEvent): void {
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest<HTMLElement>('[data-line]');
  if (link && link.tagName === 'A') {
    event.preventDefault();
    const line = Number(link.dataset['line']);
    if (Number.isInteger(line) && line >= 1) vscode.postMessage({ type: 'openLine', line });
    return;
  }
  const button = target?.closest<HTMLButtonElement>('button');
  if (!button || button.disabled) return;
  if (button.id === 'rerun') {
    button.disabled = true;
    vscode.postMessage({ type: 'rerun' });
  } else if (button.classList.contains('apply') && button.dataset['fixId']) {
    button.disabled = true;
    button.textContent = 'Applying…';
    vscode.postMessage({ type: 'apply', fixId: button.dataset['fixId'] });
  }
}

function onMessage(event: MessageEvent<PanelEvent>): void {
  const message = event.data;
  if (message?.type === 'progress') {
    const text = document.getElementById('progress');
    if (text) text.textContent = message.message;
    const fill = document.getElementById('progress-fill');
    if (fill && typeof message.percentage === 'number') fill.style.width = `${Math.max(0, Math.min(100, message.percentage))}%`;
  } else if (message?.type === 'applied') {
    const button = document.querySelector<HTMLButtonElement>(`button.apply[data-fix-id="${CSS.escape(message.fixId)}"]`);
    if (button) {
      button.textContent = message.applied ? 'Applied' : 'Apply';
      button.disabled = message.applied;
      if (message.message) button.title = message.message;
    }
  }
}

document.addEventListener('click', onClick);
window.addEventListener('message', onMessage);
drawCharts(readData());
