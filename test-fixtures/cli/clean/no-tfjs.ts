// No TF.js here: nanscope parses the file and stops.
export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
