// The face-login page's own head pose estimate, run in Node on given pictures: face-api.js (tfjs WASM backend, as
// the page's worker) with the page's networks and options (TinyFaceDetector input 320, score 0.5; the tiny 68-point
// landmark net) and the page's formula (src/main/resources/static/js/head-pose.js, the very file the page loads).
// PagePoseAgreementTest compares it with the server's estimate on the same pixels.
//
// Usage: node scripts/page-pose.mjs OUT.json IMAGE.png ...
// Writes OUT.json: [{file, faces, yaw, pitch}] (yaw/pitch null unless exactly one face was found).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tf, faceapi, init, decode } from './faceapi-node.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const headPose = require(path.join(here, '../src/main/resources/static/js/head-pose.js'));

async function main() {
  const [out, ...files] = process.argv.slice(2);
  if (!out || files.length === 0) {
    console.error('Usage: node scripts/page-pose.mjs OUT.json IMAGE.png ...');
    process.exit(2);
  }
  await init(['tinyFaceDetector', 'faceLandmark68TinyNet']);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: 0.5 });
  const results = [];
  for (const file of files) {
    const img = decode(file);
    const tensor = tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32');
    const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks(true);
    tf.dispose(tensor);
    const pose = found.length === 1 ? headPose(found[0].landmarks.positions) : { yaw: null, pitch: null };
    results.push({ file: path.basename(file), faces: found.length, yaw: pose.yaw, pitch: pose.pitch });
  }
  fs.writeFileSync(out, JSON.stringify(results));
}

main().catch((e) => { console.error(e); process.exit(1); });
