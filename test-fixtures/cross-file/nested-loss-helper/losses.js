const tf = require('@tensorflow/tfjs');

function euclidean(a, b) {
  return tf.sqrt(tf.sum(tf.square(tf.sub(a, b)), -1));
}

/** Contrastive loss: similar pairs pulled together, dissimilar ones pushed past the margin. */
function contrastiveLoss(embA, embB, same, margin = 1.0) {
  const d = euclidean(embA, embB);
  const pull = same.mul(d.square());
  const push = tf.sub(1, same).mul(tf.square(tf.relu(tf.sub(margin, d))));
  return pull.add(push).mean();
}

module.exports = { contrastiveLoss };
