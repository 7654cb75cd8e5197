// expect: saturating-activation-unscaled-input
// related: data.mjs:5, model.mjs:5
import { features, prices } from './data.mjs';
import { buildModel } from './model.mjs';

const model = buildModel(3);
await model.fit(features, prices, { epochs: 20, batchSize: 2 });
