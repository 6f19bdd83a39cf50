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
import { tf, faceapi, PNG, pkgDir, init, decode as decodeFile } from './faceapi-node.mjs';

const outDir = process.argv[2] || 'target/parity';
let inputs = process.argv.slice(3);
if (inputs.length === 0) {
  const demo = path.join(pkgDir, 'demo');
  inputs = fs.readdirSync(demo).filter((f) => /^sample\d+\.jpg$/.test(f)).sort().map((f) => path.join(demo, f));
}
fs.mkdirSync(outDir, { recursive: true });

/** Decodes an image file to RGB; the pixels are also saved as PNG in outDir, for the Java side. */
function decode(file) {
  const { width, height, rgba, rgb } = decodeFile(file);
  const png = new PNG({ width, height, colorType: 2, inputColorType: 6 });
  png.data = Buffer.from(rgba);
  const pngName = `${path.basename(file).replace(/\.[^.]+$/, '')}.png`;
  fs.writeFileSync(path.join(outDir, pngName), PNG.sync.write(png, { colorType: 2, inputColorType: 6 }));
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
  await init(['tinyFaceDetector', 'ssdMobilenetv1', 'faceLandmark68Net', 'faceRecognitionNet']);
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
