// at-most-info: unsafe-sqrt
// Regression: a square root 197 calls deep inside one expression (generated code), of data the analysis
// cannot bound. Evaluated from the outermost call, the value analysis stops at its depth limit;
// asked about the clamped operand itself it must not keep that cut-short result, or the clamp
// would be offered again after it was applied (at this depth the clamp's epsilon lands just past
// the evaluator's limit of 200 levels).
const tf = require('@tensorflow/tfjs');
const fs = require('fs');

const scores = tf.tensor1d(JSON.parse(fs.readFileSync('scores.json', 'utf8')));
const w = tf.variable(tf.ones([1]));
const optimizer = tf.train.sgd(0.01);
optimizer.minimize(() => tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.abs(tf.sqrt(scores.mul(w))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))).mean());
