// expect: unsafe-division
// severity: warning
// L2-normalizing relu embeddings: a sample whose units are all dead is a zero vector, and x / 0 is NaN.
const tf = require('@tensorflow/tfjs');

const encoder = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
    tf.layers.dense({ units: 4, activation: 'relu' }),
  ],
});

function embed(batch) {
  return tf.tidy(() => {
    const e = encoder.predict(batch);
    return e.div(tf.norm(e, 'euclidean', -1, true));
  });
}

const queries = embed(tf.randomNormal([10, 8]));
queries.print();
