// expect: raw-log
import { sequential, layers, log, softmax, mul, sum, mean, neg, randomUniform, oneHot } from '@tensorflow/tfjs';

const model = sequential({ layers: [layers.dense({ units: 5, inputShape: [3] })] });
const crossEntropy = (labels, logits) => neg(mean(sum(mul(labels, log(softmax(logits))), -1)));
model.compile({ optimizer: 'adam', loss: crossEntropy });
await model.fit(randomUniform([16, 3]), oneHot(randomUniform([16], 0, 5, 'int32'), 5).toFloat(), { epochs: 2 });
