// Reference outputs of face-api.js itself (tfjs WASM backend, offline), for FaceGate's parity tests.
//
// Usage: node scripts/faceapi-reference.mjs OUT_DIR [IMAGE.jpg|IMAGE.png ...]
// With no images it uses the package's demo/sample*.jpg. Each JPEG is decoded once (jpeg-js) and written to
// OUT_DIR as a PNG, so the Java side reads exactly the same pixels; face-api.js then runs on those pixels with
// TinyFaceDetector (input 416, score 0.5) and SSD MobileNet v1 (min confidence 0.5), each followed by
// FaceLandmark68Net and FaceRecognitionNet. Writes OUT_DIR/reference.json. Outputs are biometric data of
// the people in the photos: they stay under target/ and are never committed.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const pkgDir = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
const outDir = process.argv[2] || 'target/parity';
let inputs = process.argv.slice(3);
if (inputs.length === 0) {
  const demo = path.join(pkgDir, 'demo');
  inputs = fs.readdirSync(demo).filter((f) => /^sample\d+\.jpg$/.test(f)).sort().map((f) => path.join(demo, f));
}
fs.mkdirSync(outDir, { recursive: true });

/** Decodes an image file to RGB bytes; JPEGs are also saved as PNG in outDir. */
function decode(file) {
  const buf = fs.readFileSync(file);
  const base = path.basename(file).replace(/\.[^.]+$/, '');
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
  const png = new PNG({ width, height, colorType: 2, inputColorType: 6 });
  png.data = Buffer.from(rgba);
  const pngName = `${base}.png`;
  fs.writeFileSync(path.join(outDir, pngName), PNG.sync.write(png, { colorType: 2, inputColorType: 6 }));
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]; rgb[j + 1] = rgba[i + 1]; rgb[j + 2] = rgba[i + 2];
  }
  return { pngName, width, height, rgb };
}

function toFace(r) {
  const b = r.detection.box;
  return {
    box: { x: b.x, y: b.y, width: b.width, height: b.height },
    score: r.detection.score,
    landmarks: r.landmarks.positions.map((p) => [p.x, p.y]),
    descriptor: Array.from(r.descriptor),
  };
}

async function main() {
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = path.join(pkgDir, 'model');
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const detectors = {
    tiny: new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 }),
    ssd: new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 }),
  };
  const images = [];
  for (const file of inputs) {
    const img = decode(file);
    const tensor = tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32');
    const entry = { file: img.pngName, width: img.width, height: img.height };
    for (const [name, options] of Object.entries(detectors)) {
      const results = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors();
      entry[name] = results.map(toFace);
    }
    tf.dispose(tensor);
    images.push(entry);
    console.log(`face-api.js reference: ${img.pngName} ${img.width}x${img.height} tiny=${entry.tiny.length} ssd=${entry.ssd.length}`);
  }
  const reference = {
    faceapi: faceapi.version, tfjs: tf.version_core, backend: tf.getBackend(),
    tiny: { inputSize: 416, scoreThreshold: 0.5 }, ssd: { minConfidence: 0.5, maxResults: 100 },
    images,
  };
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(reference));
}

main().catch((e) => { console.error(e); process.exit(1); });
