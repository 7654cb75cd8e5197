const tf = require('@tensorflow/tfjs');

/** Scales every feature (column) to [0, 1]. */
function minMaxScale(t) {
  const min = t.min(0);
  const max = t.max(0);
  return t.sub(min).div(max.sub(min));
}

module.exports = { minMaxScale };
