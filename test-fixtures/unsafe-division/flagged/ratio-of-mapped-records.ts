// expect: unsafe-division
// Records built in a loop; `rooms` is 0 for studios, and the ratio divides by it.
import * as tf from '@tensorflow/tfjs';

interface Flat { area: number; rooms: number; }

function flats(n: number): Flat[] {
  const out: Flat[] = [];
  for (let i = 0; i < n; i++) {
    const studio = Math.random() < 0.2;
    out.push({ area: 20 + Math.random() * 100, rooms: studio ? 0 : 1 + Math.floor(Math.random() * 4) });
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
