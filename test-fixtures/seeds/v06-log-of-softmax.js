// case v06: log(softmax(z)) written as two ops. On large logits softmax underflows to exactly 0,
// log gives -Infinity, and 0 * -Infinity in the label product is NaN.
// truth: nan at epoch 1, batch 1
// expect: raw-log
const tfn = require('@tensorflow/tfjs-node');

function categoricalLoss(yTrue, logits) {
  const logProbs = logits.softmax().log();
  return yTrue.mul(logProbs).sum(-1).mean().neg();
}

const net = tfn.sequential();
net.add(tfn.layers.dense({ units: 3, inputShape: [4] }));
net.compile({ optimizer: tfn.train.sgd(0.01), loss: categoricalLoss });

const x = tfn.randomUniform([64, 4]).mul(1000);
const y = tfn.oneHot(tfn.randomUniform([64], 0, 3, 'int32'), 3).toFloat();

net.fit(x, y, { epochs: 10, batchSize: 32 });
