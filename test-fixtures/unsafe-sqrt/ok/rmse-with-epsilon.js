// forbid: unsafe-sqrt
// RMSE with the backend epsilon inside the square root: finite gradient at a perfect fit.
const tf = require('@tensorflow/tfjs');

function rmse(yTrue, yPred) {
  return yPred.sub(yTrue).square().mean().add(tf.backend().epsilon()).sqrt();
}

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: 'zeros' })] });
model.compile({ optimizer: 'sgd', loss: rmse });
model.fit(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.zeros([2, 1]), { epochs: 10 });
