// expect: unscaled-input
// related: lib/data.ts:4
import { createModel, sales, spend } from './lib';

async function main(): Promise<void> {
  const model = createModel();
  await model.fit(spend, sales, { epochs: 50 });
}

void main();
