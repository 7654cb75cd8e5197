// What the server makes of a probe report for the editor: the fix table (every fix offered at the
// site, with the probe's verdict on it) and the note a diagnostic at the site gets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Fix, TextEdit } from '../src/analysis/types';
import { annotate } from '../src/lsp/probe';
import { probeFixRows } from '../src/lsp/probe-fixes';
import { emptyReport, type FixVerification, type ProbeReport } from '../src/probe/protocol';

const edit = (start: number, newText: string): TextEdit => ({ span: { start, end: start + 1 }, newText });

function fix(title: string, safety: Fix['safety'], edits: TextEdit[], preferred = false): Fix {
  return { title, safety, remedy: 'other', edits, ...(preferred ? { preferred } : {}) };
}

function finding(ruleId: string, fixes: Fix[]): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return { ruleId, messageId: 'm', severity: 'warning', message: `${ruleId} message`, span: { start: 0, end: 1 }, range, data: {}, related: [], fixes, siteId: 'site@1' };
}

function verification(variantId: string, ruleId: string, title: string, edits: TextEdit[], verified: boolean): FixVerification {
  return {
    variantId,
    ruleId,
    title,
    remedy: 'other',
    verification: 'edit',
    edits,
    verified,
    keepsFinite: verified,
    verdict: verified ? 'stable' : 'nan',
    reason: verified ? 'finite and decreasing' : 'NaN at epoch 2',
    finalLoss: null,
    loss: [],
    firstNonFinite: null,
  };
}

function report(patch: Partial<ProbeReport>): ProbeReport {
  return { ...emptyReport({ planId: 'p', fileName: '/w/a.js', siteId: 'site@1', siteLine: 9, mode: 'reconstruct' }, 'r', null), ...patch };
}

describe('probe fix table', () => {
  const clip = fix('Clip gradients', 'unsafe', [edit(10, 'clip')], true);
  const scale = fix('Standardize the inputs', 'unsafe', [edit(20, 'scale')], true);
  const lower = fix('Lower the learning rate', 'unsafe', [edit(30, '0.001')]);
  const findings = [finding('missing-gradient-clipping', [clip]), finding('unscaled-input', [scale, lower])];

  it('lists every fix once, with the probe verdict of the run that tried it, and runs of fixes together', () => {
    const r = report({
      verdict: 'inf',
      fixes: [
        verification('fix-1', 'missing-gradient-clipping', 'Clip gradients', clip.edits, true),
        verification('fix-2', 'unscaled-input', 'Standardize the inputs', scale.edits, false),
        verification('fix-3', 'missing-gradient-clipping+unscaled-input', 'All together: Clip gradients; Standardize the inputs', [...clip.edits, ...scale.edits], true),
      ],
    });
    const rows = probeFixRows(findings, r);
    assert.deepEqual(
      rows.map((row) => [row.id, row.ruleId, row.status, row.safety, row.preferred, row.combined]),
      [
        ['fix-1', 'missing-gradient-clipping', 'verified', 'unsafe', true, false],
        ['fix-2', 'unscaled-input', 'not-verified', 'unsafe', true, false],
        ['unscaled-input:1:1', 'unscaled-input', 'not-tried', 'unsafe', false, false],
        ['fix-3', 'missing-gradient-clipping+unscaled-input', 'verified', 'unsafe', false, true],
      ],
    );
    assert.equal(rows[1]!.reason, 'NaN at epoch 2');
    assert.equal(rows[2]!.verdict, undefined);
  });

  it('shows one row for the same edits offered by two findings', () => {
    const epsilon = fix('Add epsilon', 'safe', [edit(5, 'eps')]);
    const twice = [finding('raw-log', [epsilon]), finding('raw-log', [{ ...epsilon }])];
    const rows = probeFixRows(twice, report({ fixes: [verification('fix-1', 'raw-log', 'Add epsilon', epsilon.edits, true)] }));
    assert.deepEqual(rows.map((row) => [row.id, row.safety, row.status]), [['fix-1', 'safe', 'verified']]);
  });

  it('is empty when nothing was offered and nothing tried', () => {
    assert.deepEqual(probeFixRows([], report({})), []);
  });
});

describe('diagnostic notes from the probe', () => {
  const f = finding('high-learning-rate', []);
  const event = { epoch: 3, batch: 2, value: 'Infinity' as const, where: 'loss' as const, op: null, opValue: null, opScope: null, phase: null, part: { kind: 'unknown' as const, name: '', line: null }, line: null };

  it('says "confirmed by probe: Infinity at epoch 3"', () => {
    assert.equal(annotate(f, report({ verdict: 'inf', firstNonFinite: event }))?.message, 'high-learning-rate message [confirmed by probe: Infinity at epoch 3]');
    assert.equal(annotate(f, report({ verdict: 'nan', stepUnit: 'step', firstNonFinite: { ...event, epoch: 40, batch: 1, value: 'NaN' } }))?.message, 'high-learning-rate message [confirmed by probe: NaN at step 40]');
  });

  it('says "not reproduced by the probe in 50 epochs" and downgrades', () => {
    assert.deepEqual(annotate(f, report({ verdict: 'stable', epochsRun: 50 })), { message: 'high-learning-rate message [not reproduced by the probe in 50 epochs]', downgrade: true });
  });

  it('says nothing for an inconclusive run', () => {
    assert.equal(annotate(f, report({ verdict: 'inconclusive' })), undefined);
  });
});
