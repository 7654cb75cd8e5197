// forbid: unsafe-division
// Records built in a loop where every flat has at least one room: the ratio is finite.
import * as tf from '@tensorflow/tfjs';

interface Flat { area: number; rooms: number; }

function flats(n: number): Flat[] {
  const out: Flat[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ area: 20 + Math.random() * 100, rooms: 1 + Math.floor(Math.random() * 4) });
  }
  return out;
}

const data = flats(100);
const area = tf.tensor1d(data.map((f) => f.area));
const rooms = tf.tensor1d(data.map((f) => f.rooms));
const perRoom = area.div(rooms).clipByValue(0, 200).div(100);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
model.fit(perRoom.reshape([100, 1]), tf.ones([100, 1]), { epochs: 3 });
