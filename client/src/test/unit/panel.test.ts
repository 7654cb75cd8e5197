// The probe results panel's pure parts (run by `npm test` with node:test, no VS Code): the state
// built from a report as it arrives over JSON-RPC, and the HTML: strict CSP with the nonce, no
// remote resources, every script nonce'd, and no text (a fix title, a reason, chart data) that
// can break out of its element.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbeFixRow, RunProbeResult } from '../../../../server/src/lsp/protocol';
import { emptyReport, type ProbeReport } from '../../../../server/src/probe/protocol';
import { contentSecurityPolicy, escapeHtml, panelData, renderPanelHtml, scriptJson } from '../../panel/html';
import { chooseScale, finishedState, panelResult, recommendedFix, runningState, summary } from '../../panel/model';
import type { PanelState } from '../../webview/state';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const SCRIPT = `${CSP_SOURCE}/ext/dist/probe-panel.js`;
const STYLE = `${CSP_SOURCE}/ext/dist/probe-panel.css`;
const NONCE = 'cmFuZG9tLW5vbmNlLTEyMw==';
const RESOURCES = { cspSource: CSP_SOURCE, nonce: NONCE, scriptUri: SCRIPT, styleUri: STYLE };

/** c1's shape: Infinity in the loss at epoch 3 after the gradient norm blew up; two batches per epoch. */
function infReport(): ProbeReport {
  const report = emptyReport({ planId: 'p1', fileName: '/w/c1.js', siteId: 'site@757', siteLine: 22, mode: 'reconstruct' }, '', null);
  return {
    ...report,
    verdict: 'inf',
    reason: 'Infinity in the loss at epoch 3, batch 1; first produced by Multiply (in mul).',
    epochsPlanned: 10,
    epochsRun: 3,
    batchesPerEpoch: 2,
    batches: [
      { epoch: 1, batch: 1, loss: 5e10, gradNorm: 8.8e10, maxAbsWeight: 1 },
      { epoch: 1, batch: 2, loss: 3e12, gradNorm: 4e13, maxAbsWeight: 10 },
      { epoch: 2, batch: 1, loss: 2.9e28, gradNorm: 5.1e28, maxAbsWeight: 1e20 },
      { epoch: 2, batch: 2, loss: 1e30, gradNorm: 1e31, maxAbsWeight: 1e25 },
      { epoch: 3, batch: 1, loss: Infinity, gradNorm: NaN, maxAbsWeight: Infinity },
    ],
    loss: [1.5e12, 5e29, Infinity],
    firstNonFinite: {
      epoch: 3,
      batch: 1,
      value: 'Infinity',
      where: 'loss',
      op: 'Multiply',
      opValue: 'Infinity',
      opScope: 'mul',
      phase: 'forward',
      part: { kind: 'loss', name: "the loss 'meanSquaredError'", line: 20 },
      line: 20,
    },
    backend: { name: 'wasm', packageName: '@tensorflow/tfjs', version: '4.22.0', source: 'bundled' },
    timings: { ...report.timings, totalMs: 265 },
    fixes: [
      {
        variantId: 'fix-1',
        ruleId: 'unscaled-input',
        title: 'Standardize the inputs',
        remedy: 'normalize-inputs',
        verification: 'edit',
        edits: [],
        verified: true,
        keepsFinite: true,
        verdict: 'stable',
        reason: 'finite and decreasing',
        finalLoss: 0.1,
        loss: [1, 0.5, 0.1],
        firstNonFinite: null,
      },
    ],
  };
}

const ROWS: ProbeFixRow[] = [
  { id: 'fix-1', ruleId: 'unscaled-input', title: 'Standardize the inputs', safety: 'unsafe', preferred: true, combined: false, status: 'verified', verdict: 'stable', reason: 'finite and decreasing', keepsFinite: true },
  { id: 'high-learning-rate:1:0', ruleId: 'high-learning-rate', title: 'Lower the learning rate to 1e-7', safety: 'unsafe', preferred: true, combined: false, status: 'not-tried' },
];

/** What the client receives: the result after JSON-RPC's JSON (NaN and ±Infinity become null). */
function overTheWire(report: ProbeReport, rows = ROWS): RunProbeResult {
  return JSON.parse(JSON.stringify({ status: 'done', message: 'nanscope probe, line 22: Infinity', siteId: report.siteId, report, fixTable: rows })) as RunProbeResult;
}

function doneState(report = infReport(), rows = ROWS): PanelState {
  return finishedState('file:///w/c1.js', 'c1.js', overTheWire(report, rows));
}

describe('probe panel state', () => {
  it('reads a report that crossed JSON: non-finite values are null points, batches sit at epoch fractions', () => {
    const state = doneState();
    const result = state.result!;
    assert.equal(result.verdictText, 'Infinity');
    assert.equal(result.failing, true);
    assert.equal(state.siteLine, 22);
    assert.deepEqual(result.charts.loss.x, [0.5, 1, 1.5, 2, 2.5]);
    assert.deepEqual(result.charts.loss.y, [5e10, 3e12, 2.9e28, 1e30, null]);
    assert.deepEqual(result.charts.gradNorm.y.at(-1), null);
    assert.equal(result.charts.loss.scale, 'log');
    assert.equal(result.backend, 'wasm (@tensorflow/tfjs 4.22.0, bundled)');
    assert.equal(result.seconds, '0.3');
    assert.deepEqual(result.firstNonFinite, {
      value: 'Infinity',
      where: 'the loss',
      epoch: 3,
      batch: 1,
      at: 'epoch 3, batch 1',
      x: 2.5,
      op: 'Multiply (in mul, forward pass)',
      part: "the loss 'meanSquaredError'",
      line: 20,
    });
    assert.deepEqual(
      result.fixes.map((f) => [f.id, f.status, f.safety]),
      [
        ['fix-1', 'verified', 'unsafe'],
        ['high-learning-rate:1:0', 'not-tried', 'unsafe'],
      ],
    );
  });

  it('uses a log axis only for positive values spanning two decades', () => {
    assert.equal(chooseScale([1, 2, 50]), 'linear');
    assert.equal(chooseScale([1, null, 100]), 'log');
    assert.equal(chooseScale([0.5, 1e6, -1]), 'linear');
    assert.equal(chooseScale([0, 1e6]), 'linear');
    assert.equal(chooseScale([null, null]), 'linear');
  });

  it('falls back to per-epoch loss when no batches were recorded', () => {
    const report = { ...infReport(), batches: [], batchesPerEpoch: 0 };
    const charts = doneState(report).result!.charts;
    assert.deepEqual(charts.loss.x, [1, 2, 3]);
    assert.deepEqual(charts.loss.y, [1.5e12, 5e29, null]);
    assert.equal(doneState(report).result!.firstNonFinite!.x, 3);
    assert.equal(charts.gradNorm.y.length, 0);
  });

  it('summarizes for the notification and recommends the preferred verified fix', () => {
    const state = doneState();
    assert.equal(summary(state), 'nanscope probe, c1.js, line 22: Infinity at epoch 3, batch 1. 1 verified fix.');
    assert.equal(recommendedFix(state)?.id, 'fix-1');
    const unverified = doneState(infReport(), ROWS.map((r) => ({ ...r, status: 'not-verified' as const })));
    assert.equal(recommendedFix(unverified), undefined);
    const failed = finishedState('file:///w/c1.js', 'c1.js', { status: 'failed', message: 'nanscope: the stability probe failed: worker crashed', siteId: 's' });
    assert.equal(summary(failed), 'nanscope probe, c1.js: the stability probe failed: worker crashed');
  });

  it('keeps the previous result on screen while the probe runs again', () => {
    const previous = doneState();
    const running = runningState(previous.uri, previous.fileLabel, previous.siteId, 'Training…', previous);
    assert.equal(running.status, 'running');
    assert.equal(running.result, previous.result);
    const html = renderPanelHtml(running, RESOURCES);
    assert.match(html, /Running the stability probe/);
    assert.match(html, /<body data-status="running" class="previous">/);
    // No Apply while a new run is under way.
    assert.ok([...html.matchAll(/<button[^>]*class="apply[^"]*"[^>]*>/g)].every((m) => m[0].includes(' disabled')));
  });

  it('survives a report that is not one', () => {
    assert.equal(panelResult(null, undefined), undefined);
    assert.equal(panelResult('text', undefined), undefined);
    const result = panelResult({ verdict: 'stable', batches: 'x', firstNonFinite: 3, backend: null }, undefined)!;
    assert.equal(result.verdictText, 'Stable');
    assert.deepEqual(result.charts.loss.y, []);
    assert.equal(result.firstNonFinite, null);
  });
});

describe('probe panel HTML', () => {
  it('has a strict CSP: nothing by default, scripts and styles only from the extension or with the nonce', () => {
    const html = renderPanelHtml(doneState(), RESOURCES);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta element');
    const policy = csp.replace(/&#39;/g, "'");
    assert.equal(policy, contentSecurityPolicy(CSP_SOURCE, NONCE));
    assert.match(policy, /^default-src 'none'; /);
    assert.match(policy, new RegExp(`script-src ${CSP_SOURCE.replace(/[.+]/g, '\\$&')} 'nonce-${NONCE.replace(/[+=]/g, '\\$&')}'`));
    assert.match(policy, /style-src \S+ 'nonce-/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*(?!\.vscode)/);
  });

  it('loads nothing remote: every URL is the extension resource root', () => {
    for (const state of [doneState(), runningState('file:///w/c1.js', 'c1.js', 's', 'Training…')]) {
      const html = renderPanelHtml(state, RESOURCES);
      const rest = html.split(SCRIPT).join('').split(STYLE).join('').split(CSP_SOURCE).join('');
      assert.doesNotMatch(rest, /https?:|\/\/[a-z]/i);
      const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
      assert.deepEqual(sources.filter((s) => s !== SCRIPT && s !== STYLE && s !== '#'), []);
    }
  });

  it('gives every script element the nonce, and has no inline handlers', () => {
    const html = renderPanelHtml(doneState(), RESOURCES);
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
    assert.equal(scripts.length, 2);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${NONCE}"`), tag);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /javascript:/i);
  });

  it('shows the verdict, the first non-finite value with a link to its line, and the fix table with Apply', () => {
    const html = renderPanelHtml(doneState(), RESOURCES);
    assert.match(html, /<span class="verdict failing" id="verdict">Infinity<\/span>/);
    assert.match(html, /Backend: wasm \(@tensorflow\/tfjs 4\.22\.0, bundled\)/);
    assert.match(html, /3 of 10 epochs/);
    assert.match(html, /<strong class="value">Infinity<\/strong> in the loss at epoch 3, batch 1/);
    assert.match(html, /<a href="#" class="line-link" data-line="20">line 20<\/a>/);
    assert.match(html, /<td class="status verified"><span class="status-text">verified<\/span>/);
    assert.match(html, /<td class="status not-tried"><span class="status-text">not tried<\/span>/);
    assert.match(html, /<button type="button" class="apply" data-fix-id="fix-1">Apply<\/button>/);
    assert.match(html, /id="chart-loss"/);
    assert.match(html, /id="chart-grad"/);
    assert.match(html, /Loss<span class="scale"> \(log scale\)/);
  });

  it('says so instead of drawing a chart with no finite value', () => {
    const report = { ...infReport(), batches: [{ epoch: 1, batch: 1, loss: NaN, gradNorm: 3, maxAbsWeight: 1 }], batchesPerEpoch: 1 };
    const html = renderPanelHtml(doneState(report), RESOURCES);
    assert.doesNotMatch(html, /id="chart-loss"/);
    assert.match(html, /No finite value to draw: the one recorded value was NaN or ±Infinity/);
    assert.match(html, /id="chart-grad"/);
  });

  it('turns Apply off once the file changed', () => {
    const html = renderPanelHtml({ ...doneState(), stale: true }, RESOURCES);
    assert.match(html, /The file changed since this run/);
    assert.match(html, /data-fix-id="fix-1" disabled>Apply/);
  });

  it('shows errors and inconclusive runs plainly', () => {
    const failed = finishedState('file:///w/c1.js', 'c1.js', { status: 'failed', message: 'nanscope: the stability probe failed: worker exited with code 134', siteId: 's' });
    const failedHtml = renderPanelHtml(failed, RESOURCES);
    assert.match(failedHtml, /The stability probe failed/);
    assert.match(failedHtml, /role="alert">nanscope: the stability probe failed: worker exited with code 134</);
    const timeout = {
      ...emptyReport({ planId: 'p', fileName: '/w/c1.js', siteId: 's', siteLine: 9, mode: 'reconstruct' }, 'the probe ran out of time before the first epoch ended', {
        kind: 'timeout',
        message: 'no epoch finished within 5 s',
      }),
    };
    const html = renderPanelHtml(finishedState('file:///w/c1.js', 'c1.js', overTheWire(timeout, [])), RESOURCES);
    assert.match(html, /id="verdict">Inconclusive</);
    assert.match(html, /the probe ran out of time before the first epoch ended/);
    assert.match(html, /<strong>timeout<\/strong>: no epoch finished within 5 s/);
    assert.match(html, /Backend: none started/);
  });

  it('escapes every piece of text: a hostile title, reason or file name stays text', () => {
    const evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const report = { ...infReport(), reason: evil, notes: [evil] };
    const rows = ROWS.map((r) => ({ ...r, title: evil, ruleId: evil, id: evil }));
    const state = { ...finishedState('file:///w/evil.js', evil, overTheWire(report, rows)), message: evil };
    const html = renderPanelHtml(state, RESOURCES);
    assert.equal(html.split('<script').length - 1, 2);
    assert.equal(html.split('</script>').length - 1, 2);
    assert.doesNotMatch(html, /<img/);
    // Attribute values are quoted with `"` escaped: outside them, no tag has an event handler.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son[a-z]+=/i, tag);
    assert.ok(html.includes(escapeHtml(evil)));
  });

  it('embeds chart data as JSON that cannot end its script element and parses back to the same data', () => {
    const state = doneState();
    // Chart data is numbers, but nothing stops a hostile string reaching it: the unit, say.
    state.result!.charts.unit = '</script><script>alert(1)</script><!--\u2028';
    const html = renderPanelHtml(state, RESOURCES);
    assert.equal(html.split('</script>').length - 1, 2);
    const json = /<script type="application\/json" id="nanscope-data" nonce="[^"]*">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(json !== undefined, 'the data element holds no "<"');
    assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(panelData(state))));
    assert.equal(scriptJson('</script>&\u2029'), '"\\u003c/script\\u003e\\u0026\\u2029"');
  });
});
