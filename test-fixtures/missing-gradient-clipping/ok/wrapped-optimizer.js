// forbid: missing-gradient-clipping
const tf = require('@tensorflow/tfjs');
function clipped(optimizer, maxNorm) {
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (grads) => {
    const list = Array.isArray(grads) ? grads : Object.keys(grads).map((name) => ({ name, tensor: grads[name] }));
    return apply(list.map(({ name, tensor }) => ({ name, tensor: tf.clipByValue(tensor, -maxNorm, maxNorm) })));
  };
  return optimizer;
}
const model = tf.sequential({ layers: [tf.layers.gru({ units: 8, inputShape: [5, 1] }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: clipped(tf.train.sgd(2), 1), loss: 'meanSquaredError' });
model.fit(tf.randomUniform([16, 5, 1]), tf.randomUniform([16, 1]), { epochs: 2 });
