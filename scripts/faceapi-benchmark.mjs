// Times face-api.js itself (tfjs WASM backend, offline) so that FaceGate's `benchmark` command can be compared
// with it side by side: same stages, same statistics (median and nearest-rank p95 in ms, after a warm-up).
//
// Usage: node scripts/faceapi-benchmark.mjs [--warmup N] [--runs N] [--input-size N] [--min-score S] [--json] IMAGE...
// IMAGE: PNG (pngjs) or JPEG (jpeg-js). Per image and pass, each stage runs on its own:
//   decode       file bytes -> int32 [h, w, 3] tensor with the JS decoder (how face-api.js reads a file in Node
//                without tfjs-node; a browser decodes natively)
//   detect       TinyFaceDetector (input 416 by default, score threshold 0.5)
//   landmarks    crop every detected face + FaceLandmark68Net + mapping back to the image (extendWithFaceLandmarks)
//   descriptors  crop every aligned face + FaceRecognitionNet
//   analyze      detectAllFaces(...).withFaceLandmarks().withFaceDescriptors() on the decoded tensor
//   pipeline     decode + analyze of the same pass: file to faces, as FaceGate's `pipeline` row
// Runs on one thread (the WASM backend here has no thread pool), so faces/s = faces / total analyze time.
import { tf, faceapi, init, decode } from './faceapi-node.mjs';

function parseArgs(argv) {
  const opts = { warmup: 3, runs: 10, inputSize: 416, minScore: 0.5, json: false, images: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--warmup') opts.warmup = Number(argv[++i]);
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--input-size') opts.inputSize = Number(argv[++i]);
    else if (a === '--min-score') opts.minScore = Number(argv[++i]);
    else if (a === '--json') opts.json = true;
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a}`);
    else opts.images.push(a);
  }
  if (opts.images.length === 0) throw new Error('Give at least one PNG or JPEG image.');
  if (!(opts.runs >= 1) || !(opts.warmup >= 0)) throw new Error('--runs must be 1 or more and --warmup 0 or more.');
  if (opts.inputSize % 32 !== 0) throw new Error('--input-size must be a multiple of 32.');
  return opts;
}

/** Decodes a PNG or JPEG file to an int32 [h, w, 3] tensor. */
function load(file) {
  const { width, height, rgb } = decode(file);
  return { file, width, height, tensor: tf.tensor3d(rgb, [height, width, 3], 'int32') };
}

/** Median (mean of the two middle values when even) and nearest-rank p95, as FaceGate's Stats. */
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const p95 = s[Math.ceil(0.95 * n) - 1];
  return { medianMs: median, p95Ms: p95 };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function detectStage(tensor, options) {
  return faceapi.nets.tinyFaceDetector.locateFaces(tensor, options);
}

async function landmarkStage(tensor, detections) {
  const faces = await faceapi.extractFaceTensors(tensor, detections);
  const marks = [];
  for (const face of faces) marks.push(await faceapi.nets.faceLandmark68Net.detectLandmarks(face));
  faces.forEach((f) => f.dispose());
  return detections.map((d, i) => faceapi.extendWithFaceLandmarks(faceapi.extendWithFaceDetection({}, d), marks[i]));
}

async function descriptorStage(tensor, withLandmarks) {
  const rects = withLandmarks.map((r) => r.landmarks.align(null, { useDlibAlignment: true }));
  const faces = await faceapi.extractFaceTensors(tensor, rects);
  const descriptors = [];
  for (const face of faces) descriptors.push(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(face));
  faces.forEach((f) => f.dispose());
  return descriptors;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  await init(['tinyFaceDetector', 'faceLandmark68Net', 'faceRecognitionNet']);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: opts.inputSize, scoreThreshold: opts.minScore });
  const images = opts.images.map(load);
  const pipeline = (t) => faceapi.detectAllFaces(t, options).withFaceLandmarks().withFaceDescriptors();

  for (let w = 0; w < opts.warmup; w++) {
    for (const img of images) await pipeline(img.tensor);
  }
  const samples = { decode: [], detect: [], landmarks: [], descriptors: [], analyze: [], pipeline: [] };
  let facesPerPass = 0; let faces = 0; let pipelineTotal = 0;
  for (let r = 0; r < opts.runs; r++) {
    for (const img of images) {
      const d0 = now();
      const decoded = load(img.file).tensor;
      const d1 = now();
      decoded.dispose();
      const t0 = now();
      const detections = await detectStage(img.tensor, options);
      const t1 = now();
      const withLandmarks = await landmarkStage(img.tensor, detections);
      const t2 = now();
      await descriptorStage(img.tensor, withLandmarks);
      const t3 = now();
      const results = await pipeline(img.tensor);
      const t4 = now();
      samples.detect.push(t1 - t0);
      samples.landmarks.push(t2 - t1);
      samples.descriptors.push(t3 - t2);
      samples.decode.push(d1 - d0);
      samples.analyze.push(t4 - t3);
      samples.pipeline.push(d1 - d0 + t4 - t3);
      pipelineTotal += t4 - t3;
      faces += results.length;
      if (r === 0) facesPerPass += results.length;
    }
  }
  const stages = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
  const passes = opts.runs * images.length;
  const result = {
    faceapi: faceapi.version, tfjs: tf.version_core, backend: tf.getBackend(),
    images: images.map((i) => `${i.file} (${i.width}x${i.height})`),
    detector: 'tiny', inputSize: opts.inputSize, minScore: opts.minScore, warmup: opts.warmup, runs: opts.runs,
    facesPerPass, stages,
    facesPerSecond1Thread: faces / (pipelineTotal / 1000), imagesPerSecond1Thread: passes / (pipelineTotal / 1000),
  };
  images.forEach((i) => i.tensor.dispose());
  if (opts.json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`face-api.js ${result.faceapi} (tfjs ${result.tfjs}, ${result.backend}): ${images.length} image(s), `
    + `detector tiny ${opts.inputSize}, min score ${opts.minScore.toFixed(2)}; ${opts.warmup} warm-up + ${opts.runs} `
    + `measured passes; ${facesPerPass} face(s) per pass`);
  console.log(`${'stage'.padEnd(12)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(10)}`);
  for (const [name, s] of Object.entries(stages)) {
    console.log(`${name.padEnd(12)} ${s.medianMs.toFixed(1).padStart(10)} ${s.p95Ms.toFixed(1).padStart(10)}`);
  }
  console.log(`throughput: 1 thread ${result.facesPerSecond1Thread.toFixed(1)} faces/s `
    + `(${result.imagesPerSecond1Thread.toFixed(1)} images/s)`);
}

main().catch((e) => { console.error(e.message || e); process.exit(2); });
