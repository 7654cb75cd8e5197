// expect: loss-activation-mismatch
// Three-class iris classifier built with model.add; the output layer has no softmax, so
// 'categoricalCrossentropy' divides raw scores by their (possibly negative) row sum.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 10, activation: 'relu', inputShape: [4] }));
model.add(tf.layers.dense({
  units: 3,
  kernelInitializer: 'glorotNormal',
}));
model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

const measurements = tf.randomUniform([150, 4], 0, 8);
const species = tf.oneHot(tf.randomUniform([150], 0, 3, 'int32'), 3).toFloat();
await model.fit(measurements, species, { epochs: 40 });
