// FaceGate's live face guide, off the page's main thread: face-api.js (wasm backend, tiny face detector and the
// tiny 68-point landmark net) runs in this dedicated worker, fed ImageBitmaps of the camera picture, so that its
// inference (hundreds of ms per picture on a slow phone) never delays the page's frame capture, cues or progress.
//
// Messages in:  {type: 'init', faceapi: URL of the bundle, headPose: URL of head-pose.js, wasm: folder of the .wasm files, models: folder}
//               {type: 'frame', bitmap: ImageBitmap (transferred)}
// Messages out: {type: 'progress', step: 1-based, of, name}   while loading
//               {type: 'ready'} | {type: 'failed', error}
//               {type: 'result', faces: [{box: {x, y, width, height}, score, landmarks: [[x, y] × 68], luma,
//                pose: {yaw, pitch} (head-pose.js)}],
//                took: ms of inference, bytes: what this worker has downloaded (Resource Timing transferSize)}
//               one per frame, in order; the bitmap is closed
/* global faceapi, headPose */
'use strict';

let canvas = null;
let context = null;
let options = null;

// face-api.js knows browsers and Node.js; a worker is neither, so it gets the pieces it uses: fetch for the
// weights and the classes its type checks ask for (inputs are tensors here, never images).
function workerEnv() {
  class Missing { }
  return {
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: Missing,
    ImageData,
    Video: Missing,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: () => { throw new Error('no images in a worker'); },
    createVideoElement: () => { throw new Error('no video in a worker'); },
    fetch: (...args) => fetch(...args),
    readFile: () => { throw new Error('no file system in a worker'); },
  };
}

async function init(message) {
  importScripts(message.faceapi, message.headPose);
  faceapi.env.setEnv(workerEnv());
  const steps = [
    ['the face engine', async () => {
      faceapi.tf.setWasmPaths(message.wasm);
      await faceapi.tf.setBackend('wasm');
      await faceapi.tf.ready();
    }],
    ['the face finder', () => faceapi.nets.tinyFaceDetector.loadFromUri(message.models)],
    ['the face landmarks', () => faceapi.nets.faceLandmark68TinyNet.loadFromUri(message.models)],
  ];
  for (let i = 0; i < steps.length; i++) {
    postMessage({ type: 'progress', step: i + 1, of: steps.length, name: steps[i][0] });
    await steps[i][1]();
  }
  options = new faceapi.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: 0.5 });
}

// Mean BT.601 luma (0–255) of the box cut to the picture, from at most 32×32 evenly spread pixels.
function boxLuma(pixels, width, height, box) {
  const x0 = Math.max(0, Math.floor(box.x)), y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width)), y1 = Math.min(height, Math.ceil(box.y + box.height));
  if (x1 - x0 < 1 || y1 - y0 < 1) return 0;
  let sum = 0, n = 0;
  for (let j = 0; j < 32; j++) {
    const y = y0 + Math.floor((j + 0.5) * (y1 - y0) / 32);
    for (let i = 0; i < 32; i++) {
      const x = x0 + Math.floor((i + 0.5) * (x1 - x0) / 32);
      const k = 4 * (y * width + x);
      sum += 0.299 * pixels[k] + 0.587 * pixels[k + 1] + 0.114 * pixels[k + 2];
      n++;
    }
  }
  return sum / n;
}

async function analyse(bitmap) {
  const started = performance.now();
  const { width, height } = bitmap;
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const image = context.getImageData(0, 0, width, height);
  const tensor = faceapi.tf.browser.fromPixels(image);
  try {
    const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks(true);
    const faces = found.map((r) => {
      const b = r.detection.box;
      const box = { x: b.x, y: b.y, width: b.width, height: b.height };
      return {
        box,
        score: r.detection.score,
        landmarks: r.landmarks.positions.map((p) => [p.x, p.y]),
        luma: boxLuma(image.data, width, height, box),
        pose: headPose(r.landmarks.positions),
      };
    });
    const bytes = performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), 0);
    return { type: 'result', faces, took: performance.now() - started, bytes };
  } finally {
    tensor.dispose();
  }
}

// One message at a time, in order (the page sends the next frame only after the previous result).
let queue = Promise.resolve();
onmessage = (event) => {
  const message = event.data;
  queue = queue.then(async () => {
    if (message.type === 'init') {
      try {
        await init(message);
        postMessage({ type: 'ready' });
      } catch (e) {
        postMessage({ type: 'failed', error: String(e && e.message ? e.message : e) });
      }
    } else if (message.type === 'frame') {
      try {
        postMessage(await analyse(message.bitmap));
      } catch (e) {
        postMessage({ type: 'result', faces: null, error: String(e && e.message ? e.message : e), took: 0 });
      }
    }
  });
};
