// Shared by the Node scripts: face-api.js on the tfjs WASM backend, offline, and image decoding to RGB.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
export const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');
export const { PNG } = require('pngjs');

/** Folder of the installed @vladmandic/face-api package. */
export const pkgDir = path.dirname(require.resolve('@vladmandic/face-api/package.json'));

/** Selects the WASM backend and loads the given nets (names of faceapi.nets) from the package's model folder. */
export async function init(nets) {
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = path.join(pkgDir, 'model');
  for (const net of nets) {
    await faceapi.nets[net].loadFromDisk(modelDir);
  }
}

/**
 * Decodes a PNG (pngjs) or JPEG (jpeg-js) file.
 * @returns {{width:number, height:number, rgba:Uint8Array, rgb:Int32Array}} pixels, rows top to bottom
 */
export function decode(file) {
  const buf = fs.readFileSync(file);
  let width; let height; let rgba;
  if (/\.png$/i.test(file)) {
    const png = PNG.sync.read(buf);
    ({ width, height } = png);
    rgba = png.data;
  } else {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    ({ width, height } = img);
    rgba = img.data;
  }
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]; rgb[j + 1] = rgba[i + 1]; rgb[j + 2] = rgba[i + 2];
  }
  return { width, height, rgba, rgb };
}
