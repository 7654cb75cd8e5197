export * from './data.js';
export { linearRegression as createModel } from './model.js';
