// expect: unsafe-sqrt
// related: losses.js:4
const tf = require('@tensorflow/tfjs');
const { contrastiveLoss } = require('./losses');

const encoder = tf.sequential({
  layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }), tf.layers.dense({ units: 4 })],
});
const left = tf.randomNormal([64, 8]);
const right = tf.concat([left.slice(0, 32), tf.randomNormal([32, 8])]);
const same = tf.concat([tf.ones([32]), tf.zeros([32])]);

const optimizer = tf.train.adam(0.01);
for (let step = 0; step < 20; step++) {
  optimizer.minimize(() => contrastiveLoss(encoder.apply(left), encoder.apply(right), same));
}
