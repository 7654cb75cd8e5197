// The probe results panel's HTML. Pure (no `vscode`), so node:test checks it: a strict CSP with a
// fresh nonce, only the extension's own script and stylesheet (webview URIs under dist/), every
// piece of text escaped, and the chart data embedded as JSON that cannot end its <script> element.
//
// Everything but the charts is rendered here, so the panel reads without its script; the script
// (client/src/webview/main.ts) draws the charts and turns clicks into messages.

import type { ChartSeries, PanelFixRow, PanelResult, PanelState } from '../webview/state';

export interface PanelResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce (base64 or hex) per render. */
  nonce: string;
  /** `webview.asWebviewUri` of dist/probe-panel.js and dist/probe-panel.css. */
  scriptUri: string;
  styleUri: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, escaped for HTML. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and the JS line separators
 * are written as \u escapes, so no value (a title holding `</script>`, `<!--`) can end the element.
 * JSON.parse reads the escapes back as the same characters.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The Content-Security-Policy: nothing but the extension's own resources and nonce'd elements. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspSource} 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

const STATUS_HEADLINE: Record<PanelState['status'], string> = {
  running: 'Running the stability probe…',
  done: '',
  failed: 'The stability probe failed',
  cancelled: 'The stability probe was cancelled',
  unavailable: 'The stability probe is not available',
  'no-site': 'No training site here',
};

const FIX_STATUS_TEXT: Record<PanelFixRow['status'], string> = {
  verified: 'verified',
  'not-verified': 'not verified',
  'not-tried': 'not tried',
};

/** A rule id that may wrap after its hyphens and pluses (`missing-gradient-clipping+unscaled-input`). */
function breakable(id: string): string {
  return escapeHtml(id).replace(/([-+])/g, '$1<wbr>');
}

function lineLink(line: number, label = `line ${line}`): string {
  return `<a href="#" class="line-link" data-line="${escapeHtml(line)}">${escapeHtml(label)}</a>`;
}

function title(state: PanelState): string {
  const where = state.siteLine !== undefined ? `${state.fileLabel}, line ${state.siteLine}` : state.fileLabel;
  return `Stability probe: ${where}`;
}

function headline(state: PanelState): string {
  const result = state.result;
  const parts: string[] = [];
  if (state.status === 'done' && result) {
    const verdictClass = result.failing ? 'failing' : result.verdict === 'stable' ? 'ok' : 'neutral';
    parts.push(`<h1><span class="verdict ${verdictClass}" id="verdict">${escapeHtml(result.verdictText)}</span> ${escapeHtml(title(state))}</h1>`);
    if (result.reason) parts.push(`<p class="reason">${escapeHtml(result.reason)}</p>`);
  } else {
    parts.push(`<h1><span class="verdict ${state.status === 'failed' ? 'failing' : 'neutral'}" id="verdict">${escapeHtml(STATUS_HEADLINE[state.status])}</span> ${escapeHtml(title(state))}</h1>`);
    if (state.status === 'running') {
      parts.push(`<p class="progress" id="progress" role="status">${escapeHtml(state.message)}</p>`);
      parts.push('<div class="progress-bar" aria-hidden="true"><div class="progress-fill" id="progress-fill"></div></div>');
    } else {
      parts.push(`<p class="message${state.status === 'failed' ? ' error' : ''}" role="${state.status === 'failed' ? 'alert' : 'status'}">${escapeHtml(state.message)}</p>`);
    }
  }
  if (result) {
    const unit = result.stepUnit === 'step' ? 'steps' : 'epochs';
    const meta = [
      `Backend: ${result.backend ?? 'none started'}`,
      `Mode: ${result.mode === 'execute' ? 'execute (your file as written)' : 'reconstruct'}`,
      `${result.epochsRun} of ${result.epochsPlanned} ${unit}${result.budgetExhausted ? ' (time budget reached)' : ''}`,
      `${result.seconds} s`,
    ];
    parts.push(`<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>`);
  }
  if (state.status !== 'running') parts.push('<p class="actions"><button type="button" id="rerun" class="secondary">Run the probe again</button></p>');
  if (state.stale && state.status !== 'running') {
    parts.push('<p class="banner" role="status">The file changed since this run: these results describe the earlier text. Run the probe again to apply a fix.</p>');
  }
  return `<header>${parts.join('\n')}</header>`;
}

function failureSection(result: PanelResult): string {
  const failure = result.failure;
  if (!failure) return '';
  const where = failure.line !== undefined ? ` (${lineLink(failure.line)})` : '';
  return `<section class="failure" role="alert"><h2>Why the probe could not decide</h2><p><strong>${escapeHtml(failure.kind)}</strong>: ${escapeHtml(failure.message)}${where}</p></section>`;
}

function nonFiniteSection(result: PanelResult): string {
  const event = result.firstNonFinite;
  if (!event) return '';
  const op = event.op ? `, first produced by <code>${escapeHtml(event.op)}</code>` : '';
  const part = event.part ? ` in ${escapeHtml(event.part)}` : '';
  const line = event.line !== undefined ? ` (${lineLink(event.line)})` : '';
  return (
    '<section class="non-finite"><h2>First non-finite value</h2>' +
    `<p id="first-non-finite"><strong class="value">${escapeHtml(event.value)}</strong> in ${escapeHtml(event.where)} at ${escapeHtml(event.at)}${op}${part}${line}</p></section>`
  );
}

function chartsSection(result: PanelResult): string {
  const { loss, gradNorm, unit } = result.charts;
  const chart = (id: string, name: string, series: ChartSeries): string => {
    if (series.y.length === 0) return '';
    const caption = `<figcaption>${escapeHtml(name)}<span class="scale">${series.scale === 'log' ? ' (log scale)' : ''}</span></figcaption>`;
    const finite = series.y.filter((v) => v !== null).length;
    if (finite === 0) {
      return `<figure>${caption}<p class="empty">No finite value to draw: ${series.y.length === 1 ? 'the one recorded value was' : `all ${series.y.length} recorded values were`} NaN or ±Infinity.</p></figure>`;
    }
    const label = `${name} per ${unit}: ${series.y.length} points, ${series.y.length - finite} non-finite`;
    return `<figure>${caption}<div class="chart" id="${id}" role="img" aria-label="${escapeHtml(label)}"></div></figure>`;
  };
  const body = chart('chart-loss', 'Loss', loss) + chart('chart-grad', 'Gradient norm', gradNorm);
  if (!body) return '';
  const legend = result.firstNonFinite || loss.y.includes(null) || gradNorm.y.includes(null) ? '<p class="legend"><span class="mark"></span> non-finite (NaN or ±Infinity)</p>' : '';
  return `<section class="charts">${body}${legend}</section>`;
}

function fixesSection(state: PanelState, result: PanelResult): string {
  if (result.fixes.length === 0) return '';
  const canApply = state.status !== 'running' && !state.stale;
  const rows = result.fixes.map((fix) => {
    const status = FIX_STATUS_TEXT[fix.status];
    const verdict = fix.status === 'not-tried' || !fix.verdict ? '' : `<div class="detail">${escapeHtml(fix.verdict)}</div>`;
    const reason = fix.status === 'not-tried' || !fix.reason ? '' : `<div class="detail">${escapeHtml(fix.reason)}</div>`;
    const badges = [fix.preferred ? '<span class="badge">preferred</span>' : '', fix.combined ? '<span class="badge">together</span>' : ''].join('');
    const disabled = canApply ? '' : ' disabled';
    const safety = fix.safety === 'safe' ? 'safe' : 'unsafe<div class="detail">changes training</div>';
    return (
      `<tr data-fix-id="${escapeHtml(fix.id)}">` +
      `<td class="rule"><code>${breakable(fix.ruleId)}</code></td>` +
      `<td class="title">${escapeHtml(fix.title)} ${badges}${reason}</td>` +
      `<td class="safety ${fix.safety}">${safety}</td>` +
      `<td class="status ${fix.status}"><span class="status-text">${escapeHtml(status)}</span>${verdict}</td>` +
      `<td><button type="button" class="apply${fix.status === 'verified' ? '' : ' secondary'}" data-fix-id="${escapeHtml(fix.id)}"${disabled}>Apply</button></td>` +
      '</tr>'
    );
  });
  return (
    '<section class="fixes"><h2>Fixes</h2>' +
    '<table><thead><tr><th>Rule</th><th>Fix</th><th>Safety</th><th>Probe</th><th></th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

function detailsSection(result: PanelResult): string {
  const items = [...result.data.map((d) => `Data: ${d}`), ...result.notes];
  if (items.length === 0) return '';
  return `<section class="details"><h2>Details</h2><ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul></section>`;
}

/** The chart data the webview script reads (`#nanscope-data`). */
export interface PanelData {
  charts: PanelResult['charts'] | null;
  /** x of the first non-finite batch, to mark it when its own value was recorded as finite. */
  firstNonFiniteX: number | null;
}

export function panelData(state: PanelState): PanelData {
  return { charts: state.result?.charts ?? null, firstNonFiniteX: state.result?.firstNonFinite?.x ?? null };
}

/** The whole document. */
export function renderPanelHtml(state: PanelState, resources: PanelResources): string {
  const { cspSource, nonce, scriptUri, styleUri } = resources;
  const result = state.result;
  const body = [
    headline(state),
    result ? failureSection(result) : '',
    result ? nonFiniteSection(result) : '',
    result ? chartsSection(result) : '',
    result ? fixesSection(state, result) : '',
    result ? detailsSection(result) : '',
  ]
    .filter(Boolean)
    .join('\n');
  const dimmed = state.status === 'running' && result ? ' class="previous"' : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri)}" nonce="${escapeHtml(nonce)}">
<title>${escapeHtml(title(state))}</title>
</head>
<body data-status="${escapeHtml(state.status)}"${dimmed}>
<main>
${body}
</main>
<script type="application/json" id="nanscope-data" nonce="${escapeHtml(nonce)}">${scriptJson(panelData(state))}</script>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

export function panelTitle(state: PanelState): string {
  const where = state.siteLine !== undefined ? `${state.fileLabel}:${state.siteLine}` : state.fileLabel;
  return `Probe: ${where}`;
}
