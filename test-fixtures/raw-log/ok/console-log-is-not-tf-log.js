// forbid: raw-log
const tf = require('@tensorflow/tfjs');
const logger = { log: (msg) => console.log(msg) };
const t = tf.tensor1d([1, 2, 3]);
logger.log(t.toString());
console.log(Math.log(0));
