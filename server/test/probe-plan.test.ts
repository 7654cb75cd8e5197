// From analysis results to ProbePlans: what the probe rebuilds, from which data, and how each fix
// becomes a run. No worker runs here.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { AnalysisResult, TrainingSite } from '../src/analysis/types';
import { applyEdits } from '../src/fixes/apply';
import { buildProbePlan, mapOffset } from '../src/probe/plan';
import { isUnbuildable, type ModelTraining, type ProbePlan, type TensorSource } from '../src/probe/protocol';
import { planFor } from '../src/probe/runner';
import { SEED_CASES, seedCase, type SeedCase } from './probe-cases';

function planOf(c: SeedCase, options: Partial<Parameters<typeof buildProbePlan>[2]> = {}): ProbePlan {
  const plan = buildProbePlan(c.result, c.siteId, { text: c.text, analyze: false, ...options });
  assert.ok(!isUnbuildable(plan), isUnbuildable(plan) ? plan.reason : '');
  return plan;
}

function model(plan: ProbePlan): ModelTraining {
  assert.equal(plan.main.training.kind, 'model');
  return plan.main.training as ModelTraining;
}

const textOf = (text: string, source: TensorSource | undefined): string =>
  source?.kind === 'expression' ? text.slice(source.code.span.start, source.code.span.end) : '';

describe('probe plans', () => {
  test('every seed case with a training site has a plan', () => {
    for (const c of SEED_CASES) planOf(c);
  });

  test('c1: the literal data first, then the expression, then synthetic data of the inferred scale', () => {
    const c = seedCase('c1');
    const plan = planOf(c);
    const m = model(plan);
    assert.deepEqual(
      m.data.x.map((s) => s.kind),
      ['literal', 'expression', 'synthetic'],
    );
    const literal = m.data.x[0];
    assert.ok(literal?.kind === 'literal');
    assert.deepEqual([literal.shape, literal.values.slice(0, 2)], [[3, 2], [1, 100000]]);
    assert.equal(textOf(c.text, m.data.x[1]), 'X');
    const synthetic = m.data.x[2];
    assert.ok(synthetic?.kind === 'synthetic');
    assert.deepEqual(synthetic.columns, [{ lo: 1, hi: 3 }, { lo: 100000, hi: 300000 }]);
    assert.deepEqual([m.optimizer.kind, m.optimizer.fromString, m.optimizer.learningRate], ['sgd', true, 0.01]);
    assert.deepEqual(m.loss, { kind: 'builtin', name: 'meanSquaredError', line: 9 });
    assert.deepEqual([m.epochs, m.batchSize, m.estimatedParams], [10, 32, 3]);
    assert.deepEqual(m.layers[0]?.config, { units: 1, inputShape: [2] });
    assert.deepEqual(m.layers[0]?.initializers, { kernelInitializer: 'glorotUniform' });
    assert.equal(plan.siteLine, 12);
  });

  test('v02: a custom loss passed by name points at the name, which the worker resolves', () => {
    const c = seedCase('v02');
    const loss = model(planOf(c)).loss;
    assert.equal(loss.kind, 'custom');
    assert.ok(loss.kind === 'custom');
    assert.equal(c.text.slice(loss.code.span.start, loss.code.span.end), 'logLoss');
  });

  test('v08: an inline arrow loss and a non-random initializer', () => {
    const c = seedCase('v08');
    const m = model(planOf(c));
    assert.ok(m.loss.kind === 'custom');
    assert.match(c.text.slice(m.loss.code.span.start, m.loss.code.span.end), /^\(yTrue, yPred\) => tf\.sqrt/);
    assert.deepEqual(m.layers[0]?.initializers, { kernelInitializer: 'zeros' });
  });

  test('c3: a custom loop runs its closure as many steps as the for loop says', () => {
    const c = seedCase('c3');
    const training = planOf(c).main.training;
    assert.equal(training.kind, 'loop');
    assert.ok(training.kind === 'loop');
    assert.equal(training.steps, 10);
    assert.equal(c.text.slice(training.closure.span.start, training.closure.span.end), '() => tf.mean(tf.square(tf.sub(square(tf.mul(w, xs)), ys)))');
    assert.deepEqual([training.optimizer.kind, training.optimizer.learningRate], ['sgd', 0.01]);
  });

  test('v01: a missing learning rate stays missing, so the probe reproduces the NaN', () => {
    assert.equal(model(planOf(seedCase('v01'))).optimizer.learningRate, null);
  });

  test("c6: the file's own clipping is modeled, and said so", () => {
    const plan = planOf(seedCase('c6'));
    assert.equal(model(plan).optimizer.clipNorm, 1);
    assert.ok(plan.notes.some((n) => /clipping/.test(n)));
  });

  test('synthetic targets follow the loss: labels for binary losses, one-hot rows for categorical ones', () => {
    const c = seedCase('v04');
    const result: AnalysisResult = structuredClone(c.result);
    const fit = result.models[0]?.fits[0];
    assert.ok(fit);
    delete fit.y;
    const y = model(planOf({ ...c, result })).data.y;
    assert.deepEqual(y.map((s) => s.kind), ['synthetic']);
    assert.ok(y[0]?.kind === 'synthetic' && y[0].integer && y[0].columns[0]?.hi === 1);
  });

  test('unbuildable: no model, a merge layer, no compile', () => {
    const c = seedCase('c7');
    const noModel: AnalysisResult = { ...c.result, models: [] };
    assert.match(unbuildableReason(noModel, c), /which model/);
    const spec = c.result.models[0];
    assert.ok(spec);
    const noCompile: AnalysisResult = { ...c.result, models: [{ ...spec, optimizer: undefined }] as AnalysisResult['models'] };
    assert.match(unbuildableReason(noCompile, c), /optimizer/);
    assert.match(unbuildableReason(c.result, c, 'site-9'), /no training site/);
  });

  test("the workspace's tfjs-node is used only when allowed, resolved from the file's folder", () => {
    const c = seedCase('c1');
    const seen: string[] = [];
    const resolvePackage = (name: string, from: string): string | undefined => {
      seen.push(`${name} from ${from}`);
      return name === '@tensorflow/tfjs-node' ? '/ws/node_modules/@tensorflow/tfjs-node/dist/index.js' : undefined;
    };
    assert.equal(planOf(c, { resolvePackage }).backend.workspaceTfjsNode, undefined);
    assert.equal(seen.length, 0);
    const allowed = planOf(c, { resolvePackage, allowWorkspaceBackend: true });
    assert.equal(allowed.backend.workspaceTfjsNode, '/ws/node_modules/@tensorflow/tfjs-node/dist/index.js');
    assert.ok(seen.every((s) => s.endsWith(`from ${path.dirname(c.result.fileName)}`)));
  });
});

function unbuildableReason(result: AnalysisResult, c: SeedCase, siteId = c.siteId): string {
  const plan = buildProbePlan(result, siteId, { text: c.text, analyze: false });
  assert.ok(isUnbuildable(plan));
  return plan.reason;
}

describe('probe fix variants', () => {
  test('c1: one run per fix, plus all fixes together; plan-level remedies are "equivalent"', () => {
    const plan = planOf(seedCase('c1'));
    assert.deepEqual(
      plan.variants.map((v) => [v.ruleId, v.remedy, v.verification, v.combined ?? false]),
      [
        ['unscaled-input', 'normalize-inputs', 'equivalent', false],
        ['high-learning-rate', 'learning-rate', 'equivalent', false],
        ['unscaled-input+high-learning-rate', 'other', 'equivalent', true],
      ],
    );
    const [normalize, rate] = plan.variants.map((v) => v.run.training as ModelTraining);
    assert.equal(normalize?.data.normalizeX, true);
    assert.equal(rate?.optimizer.learningRate, 1e-11, 'the rate the fix writes');
    assert.equal(rate?.optimizer.fromString, false);
  });

  test('v02: an epsilon fix runs the edited program, with the loss span moved through the edits', () => {
    const c = seedCase('v02');
    const variant = planOf(c).variants.find((v) => v.ruleId === 'raw-log');
    assert.ok(variant);
    assert.equal(variant.verification, 'edit');
    const edited = applyEdits(c.text, variant.edits);
    assert.equal(variant.run.text, edited);
    const training = variant.run.training as ModelTraining;
    assert.ok(training.loss.kind === 'custom');
    assert.equal(edited.slice(training.loss.code.span.start, training.loss.code.span.end), 'logLoss');
    assert.match(edited, /tf\.log\(tf\.clipByValue\(yPred, 1e-7, 1 - 1e-7\)\)/);
    assert.equal(textOf(edited, training.data.x[0]), 'X', 'edited runs read the data from the edited text first');
  });

  test('v03: a fix that sets the output activation changes that layer of the plan', () => {
    const variant = planOf(seedCase('v03')).variants[0];
    assert.ok(variant);
    const layer = (variant.run.training as ModelTraining).layers[0];
    assert.equal(layer?.config['activation'], 'sigmoid');
  });

  test('a fix is verified on the re-analyzed program when the analyzer finds the site again', () => {
    const c = seedCase('c1');
    const calls: string[] = [];
    const analyze = (input: { fileName: string; text: string }): AnalysisResult => {
      calls.push(input.text);
      // The re-analysis of the edited text: the same model with the new learning rate.
      const result: AnalysisResult = structuredClone(c.result);
      const moved = (result.models[0]?.optimizer ?? null) as { learningRate?: number; fromString: boolean } | null;
      if (moved && input.text.includes('sgd(1e-11)')) {
        moved.learningRate = 1e-11;
        moved.fromString = false;
      }
      const site = result.sites[0] as TrainingSite;
      const shift = input.text.length - c.text.length;
      site.span = { start: site.span.start + shift, end: site.span.end + shift };
      return result;
    };
    const plan = planOf(c, { analyze });
    const rate = plan.variants.find((v) => v.ruleId === 'high-learning-rate');
    assert.equal(rate?.verification, 'edit');
    assert.match(rate?.run.text ?? '', /tf\.train\.sgd\(1e-11\)/);
    assert.equal((rate?.run.training as ModelTraining).optimizer.learningRate, 1e-11);
    assert.ok(calls.length >= 2);
  });

  test('mapOffset moves offsets through insertions and replacements', () => {
    const edits = [
      { span: { start: 2, end: 2 }, newText: 'xx' },
      { span: { start: 5, end: 8 }, newText: 'y' },
    ];
    assert.equal(mapOffset(1, edits), 1);
    assert.equal(mapOffset(2, edits), 4);
    assert.equal(mapOffset(4, edits), 6);
    assert.equal(mapOffset(6, edits), 7, 'inside a replaced range: its start');
    assert.equal(mapOffset(6, edits, true), 8, 'a range end inside a replaced range: its end');
    assert.equal(mapOffset(10, edits), 10);
  });

  test('the language server request shape becomes a plan with its findings and budget', () => {
    const c = seedCase('c1');
    const site = c.result.sites[0] as TrainingSite;
    const plan = planFor({ fileName: c.result.fileName, text: c.text, site, analysis: c.result, findings: c.result.findings, budgetSeconds: 2, mode: 'reconstruct' });
    assert.ok(!isUnbuildable(plan));
    assert.equal(plan.budget.trainMs, 2000);
    assert.equal(plan.variants.length, 3);
    assert.equal(plan.backend.workspaceTfjsNode, undefined, 'an untrusted request never loads workspace code');
  });
});
