// From a run's record to a verdict: a table of observations and what the probe must say.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BatchRecord, NonFiniteEvent, ProbeVerdict, SaturationRecord } from '../src/probe/protocol';
import { isVerified, judge, type RunObservation } from '../src/probe/verdict';

function observation(loss: number[], extra: Partial<RunObservation> = {}): RunObservation {
  const batches: BatchRecord[] = loss.map((l, i) => ({ epoch: i + 1, batch: 1, loss: l, gradNorm: 1, maxAbsWeight: 1 }));
  return { loss, batches, firstNonFinite: null, saturation: [], stepUnit: 'epoch', budgetExhausted: false, ...extra };
}

const event = (value: NonFiniteEvent['value'], where: NonFiniteEvent['where']): NonFiniteEvent => ({
  epoch: 3,
  batch: 2,
  value,
  where,
  op: 'Log',
  opValue: '-Infinity',
  opScope: 'tf.log',
  phase: 'forward',
  part: { kind: 'loss', name: 'the custom loss', line: 12 },
  line: 12,
});

const tanh = (fraction: number): SaturationRecord => ({ layer: 'dense #1', line: 4, activation: 'tanh', pinnedFraction: fraction });

describe('probe verdicts', () => {
  const table: [string, RunObservation, ProbeVerdict, RegExp][] = [
    ['NaN in the loss', observation([1, 0.5], { firstNonFinite: event('NaN', 'loss') }), 'nan', /NaN in the loss at epoch 3, batch 2; first produced by Log \(-Infinity, in tf\.log\) in the custom loss, line 12/],
    ['Infinity in the weights', observation([1], { firstNonFinite: event('Infinity', 'weights') }), 'inf', /in the weights after the update/],
    ['-Infinity counts as inf', observation([1], { firstNonFinite: event('-Infinity', 'gradients') }), 'inf', /gradients/],
    ['a loss that grows a hundredfold is diverging', observation([1, 30, 2000]), 'diverging', /grew from 1 to 2000/],
    ['a rising tail far above the minimum is diverging', observation([5, 1, 8, 20, 60]), 'diverging', /grew/],
    ['mostly pinned tanh units are saturated', observation([0.5, 0.1], { saturation: [tanh(0.9)] }), 'saturated', /90% of the activations of dense #1 \(tanh, line 4\) are pinned at ±1/],
    ['a few pinned units are not', observation([0.5, 0.1], { saturation: [tanh(0.2)] }), 'stable', /went from 0\.5 to 0\.1/],
    ['a flat loss is not learning', observation([18.4, 18.4, 18.4]), 'not-learning', /barely changed/],
    ['a large loss that barely moves is not learning', observation([4.6e4, 4.55e4, 4.46e4]), 'not-learning', /stayed large/],
    ['a rising loss is not learning', observation([1340, 3370, 2310]), 'not-learning', /rose from/],
    ['a small loss that falls slowly is stable', observation([0.324, 0.32, 0.313]), 'stable', /stayed finite/],
    ['a falling loss is stable', observation([5, 2, 1]), 'stable', /from 5 to 1/],
    ['nothing trained is inconclusive', observation([]), 'inconclusive', /no batch/],
  ];
  for (const [name, run, verdict, reason] of table) {
    test(name, () => {
      const judged = judge(run);
      assert.equal(judged.verdict, verdict, judged.reason);
      assert.match(judged.reason, reason);
    });
  }

  test('a flat loss at a minimum with no gradient is stable, and verifies a fix', () => {
    const run = observation([3.2e-4, 3.2e-4, 3.2e-4]);
    run.batches = run.batches.map((b) => ({ ...b, gradNorm: 0 }));
    const judged = judge(run);
    assert.deepEqual([judged.verdict, judged.converged], ['stable', true]);
    assert.equal(isVerified(judged, run.loss), true);
  });

  test('one epoch is judged on its batches', () => {
    const run = observation([2]);
    run.batches = [10, 5, 2].map((loss, i) => ({ epoch: 1, batch: i + 1, loss, gradNorm: 1, maxAbsWeight: 1 }));
    assert.equal(judge(run).verdict, 'stable');
  });

  test('a fix is verified only when finite, not stuck, and decreasing', () => {
    assert.equal(isVerified({ verdict: 'stable', reason: '' }, [5, 1]), true);
    assert.equal(isVerified({ verdict: 'saturated', reason: '' }, [5, 1]), true);
    assert.equal(isVerified({ verdict: 'stable', reason: '' }, [1, 1.01]), false);
    assert.equal(isVerified({ verdict: 'not-learning', reason: '' }, [5, 4.9]), false);
    assert.equal(isVerified({ verdict: 'inf', reason: '' }, [5, 1]), false);
  });

  test('after a non-finite run, a fix that stays finite with flowing gradients is verified even at chance level', () => {
    const chance = observation([0.6937, 0.6934, 0.6932]);
    const judged = judge(chance);
    assert.equal(judged.verdict, 'not-learning');
    assert.equal(isVerified(judged, chance.loss), false, 'not verified without the original failure');
    assert.equal(isVerified(judged, chance.loss, { run: chance, originalNonFinite: true }), true);
    // Zeroing every gradient keeps the loss finite too, and fixes nothing.
    const dead = observation([18.4, 18.4, 18.4]);
    dead.batches = dead.batches.map((b) => ({ ...b, gradNorm: 0 }));
    assert.equal(isVerified(judge(dead), dead.loss, { run: dead, originalNonFinite: true }), false);
    // A rising loss is not a fix.
    const rising = observation([1, 2, 4]);
    assert.equal(isVerified(judge(rising), rising.loss, { run: rising, originalNonFinite: true }), false);
  });
});
