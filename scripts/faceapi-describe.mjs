// face-api.js's counterpart of `java -jar target/facegate.jar describe IMG...`, for timing both as whole
// processes side by side: Node, tfjs WASM backend, TinyFaceDetector (416, score 0.5) + FaceLandmark68Net +
// FaceRecognitionNet on each image in turn, one JSON line per image (file, size, faces with box, score and
// descriptor).
//
// Usage: node scripts/faceapi-describe.mjs IMG...   (PNG or JPEG)
import { tf, faceapi, init, decode } from './faceapi-node.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('Usage: node scripts/faceapi-describe.mjs IMG...');
  process.exit(2);
}
await init(['tinyFaceDetector', 'faceLandmark68Net', 'faceRecognitionNet']);
const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 });
let failures = 0;
for (const file of files) {
  try {
    const img = decode(file);
    const tensor = tf.tensor3d(img.rgb, [img.height, img.width, 3], 'int32');
    const faces = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors();
    tensor.dispose();
    console.log(JSON.stringify({
      file,
      width: img.width,
      height: img.height,
      faces: faces.map((f) => ({
        box: { x: f.detection.box.x, y: f.detection.box.y, width: f.detection.box.width, height: f.detection.box.height },
        score: f.detection.score,
        descriptor: Array.from(f.descriptor),
      })),
    }));
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    failures++;
  }
}
process.exit(failures === 0 ? 0 : 2);
