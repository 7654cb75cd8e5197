// tfjs-examples/addition-rnn: learn "12+7" -> "19 " character by character with an LSTM
// encoder, repeatVector and an LSTM decoder (one-hot characters, softmax over the vocabulary).
// No gradient clipping, as in the example: it trains fine.
// truth: finite (2 epochs)
// expect: clean
import * as tf from '@tensorflow/tfjs';

const CHARS = '0123456789+ ';
const DIGITS = 2;
const MAX_LEN = DIGITS + 1 + DIGITS;

class CharacterTable {
  private readonly indices = new Map<string, number>();
  constructor(readonly chars: string) {
    [...chars].forEach((c, i) => this.indices.set(c, i));
  }
  encode(text: string, numRows: number): number[][] {
    return [...text.padEnd(numRows, ' ')].map((ch) => {
      const row = new Array<number>(this.chars.length).fill(0);
      row[this.indices.get(ch)!] = 1;
      return row;
    });
  }
}

function generateData(count: number, seed: number): [string, string][] {
  let s = seed;
  const rand = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  const randomNumber = () => Math.floor(rand() * 10 ** DIGITS);
  const pairs: [string, string][] = [];
  for (let i = 0; i < count; i++) {
    const a = randomNumber();
    const b = randomNumber();
    pairs.push([`${a}+${b}`, `${a + b}`]);
  }
  return pairs;
}

function convertDataToTensors(data: [string, string][], table: CharacterTable) {
  const xs = tf.tensor3d(data.map(([question]) => table.encode(question, MAX_LEN)));
  const ys = tf.tensor3d(data.map(([, answer]) => table.encode(answer, DIGITS + 1)));
  return { xs, ys };
}

function createAndCompileModel(hiddenSize: number, vocabularySize: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: hiddenSize, inputShape: [MAX_LEN, vocabularySize] }));
  model.add(tf.layers.repeatVector({ n: DIGITS + 1 }));
  model.add(tf.layers.lstm({ units: hiddenSize, returnSequences: true }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: vocabularySize }) }));
  model.add(tf.layers.activation({ activation: 'softmax' }));
  model.compile({ loss: 'categoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return model;
}

async function main(): Promise<void> {
  const table = new CharacterTable(CHARS);
  const { xs, ys } = convertDataToTensors(generateData(256, 2024), table);
  const model = createAndCompileModel(32, CHARS.length);
  const history = await model.fit(xs, ys, { epochs: 2, batchSize: 64, validationSplit: 0.1, verbose: 0 });
  const acc = history.history.acc ?? history.history.accuracy;
  console.log(`accuracy after ${history.epoch.length} epochs: ${Number(acc[acc.length - 1]).toFixed(3)}`);
}

main();
