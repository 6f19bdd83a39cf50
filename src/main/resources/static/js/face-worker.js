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
  let found = await detect(image, 0, 0);
  if (found.length === 0) found = await detect(zoomedOut(width, height), zoomX, zoomY);
  const faces = found.map((f) => Object.assign(f, { luma: boxLuma(image.data, width, height, f.box) }));
  const bytes = performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), 0);
  return { type: 'result', faces, took: performance.now() - started, bytes };
}

// The faces of a picture, moved by (-dx, -dy) into the frame's coordinates.
async function detect(image, dx, dy) {
  const tensor = faceapi.tf.browser.fromPixels(image);
  try {
    const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks(true);
    return found.map((r) => {
      const b = r.detection.box;
      return {
        box: { x: b.x - dx, y: b.y - dy, width: b.width, height: b.height },
        score: r.detection.score,
        landmarks: r.landmarks.positions.map((p) => [p.x - dx, p.y - dy]),
        pose: headPose(r.landmarks.positions),
      };
    });
  } finally {
    tensor.dispose();
  }
}

// A face filling most of the picture (a phone held close, a portrait camera) is too big for the tiny detector's
// largest anchors, which the server meets with its zoomed-out look (face.ZoomedOut): when the picture shows no face,
// it is looked at again in the middle of a grey canvas ZOOM_OUT times its size (the detector then sees the face
// that much smaller), and what it finds is moved back into the frame's coordinates.
const ZOOM_OUT = 1.6;
let zoomCanvas = null, zoomContext = null, zoomX = 0, zoomY = 0;
function zoomedOut(width, height) {
  const w = Math.round(width * ZOOM_OUT), h = Math.round(height * ZOOM_OUT);
  if (!zoomCanvas || zoomCanvas.width !== w || zoomCanvas.height !== h) {
    zoomCanvas = new OffscreenCanvas(w, h);
    zoomContext = zoomCanvas.getContext('2d', { willReadFrequently: true });
  }
  zoomX = Math.round((w - width) / 2);
  zoomY = Math.round((h - height) / 2);
  zoomContext.fillStyle = 'rgb(128, 128, 128)';
  zoomContext.fillRect(0, 0, w, h);
  zoomContext.drawImage(canvas, zoomX, zoomY);
  return zoomContext.getImageData(0, 0, w, h);
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
