// FaceGate camera pages (/setupfaceid, /face-login): camera preview, live face box + landmarks drawn in the
// browser with face-api.js (wasm backend), and upload of captured frames to the server, which decides.
(function () {
  'use strict';
  const section = document.getElementById('camera');
  if (!section) return;
  const video = document.getElementById('video');
  const overlay = document.getElementById('overlay');
  const status = document.getElementById('status');
  const startButton = document.getElementById('start');
  const captureButton = document.getElementById('capture');
  const consentBox = document.getElementById('consent-box');
  const mode = section.dataset.mode;            // "enroll" or "login"
  const url = section.dataset.url;
  const frameCount = Math.max(1, parseInt(section.dataset.frames || '1', 10));
  const csrfToken = document.querySelector('meta[name="_csrf"]').content;
  const csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;
  let overlayReady = false;

  function say(text) { status.textContent = text; }

  if (consentBox) {
    consentBox.addEventListener('change', () => { startButton.disabled = !consentBox.checked; });
  }

  startButton.addEventListener('click', async () => {
    if (consentBox && !consentBox.checked) return;
    startButton.disabled = true;
    section.hidden = false;
    const notice = document.getElementById('consent');
    if (notice) notice.hidden = true;   // consent given: make room for the camera on small screens
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say('This browser cannot use the camera here (camera access needs HTTPS or localhost).');
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      video.srcObject = stream;
    } catch (e) {
      say('The camera could not be started (' + e.name + '). Allow camera access and try again.');
      startButton.disabled = false;
      return;
    }
    await videoReady();
    captureButton.disabled = false;
    say(mode === 'enroll' ? 'Face the camera, close enough, and hold still; then press Capture & save.' : 'Look at the camera, then press Log in.');
    startOverlay();
  });

  // Resolves once the video has real dimensions (before that a capture would be an empty 0×0 or 2×2 frame).
  function videoReady() {
    return new Promise((resolve) => {
      const check = () => (video.videoWidth > 0 && video.videoHeight > 0 && video.readyState >= 2) ? resolve() : setTimeout(check, 50);
      check();
    });
  }

  async function startOverlay() {
    if (typeof faceapi === 'undefined') return;  // the preview still works without the overlay
    try {
      faceapi.tf.setWasmPaths('/vendor/');
      await faceapi.tf.setBackend('wasm');
      await faceapi.tf.ready();
      await faceapi.nets.tinyFaceDetector.loadFromUri('/models');
      await faceapi.nets.faceLandmark68Net.loadFromUri('/models');
      overlayReady = true;
    } catch (e) {
      console.warn('Face overlay unavailable:', e);
      return;
    }
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: 0.5 });
    const loop = async () => {
      if (!video.srcObject) return;
      const size = { width: video.videoWidth, height: video.videoHeight };
      overlay.width = size.width;
      overlay.height = size.height;
      try {
        const result = await faceapi.detectAllFaces(video, options).withFaceLandmarks();
        const ctx = overlay.getContext('2d');
        ctx.clearRect(0, 0, overlay.width, overlay.height);
        const resized = faceapi.resizeResults(result, size);
        // Box without the score label: the overlay is mirrored like the video, so text would read backwards.
        resized.forEach((r) => new faceapi.draw.DrawBox(r.detection.box, { lineWidth: 2 }).draw(overlay));
        faceapi.draw.drawFaceLandmarks(overlay, resized);
        overlay.dataset.faces = String(result.length);
      } catch (e) {
        console.warn('Face overlay frame failed:', e);
      }
      setTimeout(loop, 150);
    };
    loop();
  }

  function grab() {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Liveness challenge: ask the server for a nonce and two movements, show them one after the other (the
  // preview is mirrored, so "left" is the user's own left), and capture frames.max frames every intervalMs.
  async function answerChallenge(form) {
    const steps = document.getElementById('challenge');
    let challenge;
    try {
      const headers = { Accept: 'application/json' };
      headers[csrfHeader] = csrfToken;
      const response = await fetch('/face-login/challenge', { method: 'POST', headers, credentials: 'same-origin' });
      challenge = await response.json();
      if (!response.ok) { say(challenge.message || 'The face check could not start; try again.'); return false; }
    } catch (e) {
      say('The server could not be reached; try again.');
      return false;
    }
    const count = challenge.frames.max;
    const perStep = Math.ceil(count / challenge.instructions.length);
    say('Follow the movement shown, then come back to face the camera.');
    steps.hidden = false;
    for (let i = 0; i < count; i++) {
      const step = Math.min(challenge.instructions.length - 1, Math.floor(i / perStep));
      steps.textContent = (step + 1) + '/' + challenge.instructions.length + ': ' + challenge.instructions[step];
      const started = performance.now();
      const blob = await grab();
      if (!blob) { steps.hidden = true; say('Capturing failed; try again.'); return false; }
      form.append('frames', blob, 'frame' + i + '.jpg');
      await sleep(Math.max(0, challenge.frames.intervalMs - (performance.now() - started)));
    }
    steps.hidden = true;
    form.append('nonce', challenge.nonce);
    return true;
  }

  captureButton.addEventListener('click', async () => {
    if (!(video.videoWidth > 0 && video.videoHeight > 0)) { say('The camera is not ready yet.'); return; }
    captureButton.disabled = true;
    const form = new FormData();
    if (mode === 'login' && section.dataset.liveness === 'true') {
      if (!(await answerChallenge(form))) { captureButton.disabled = false; return; }
    } else {
      say('Capturing…');
      for (let i = 0; i < frameCount; i++) {
        if (i > 0) await sleep(250);
        const blob = await grab();
        if (!blob) { say('Capturing failed; try again.'); captureButton.disabled = false; return; }
        form.append('frames', blob, 'frame' + i + '.jpg');
      }
    }
    if (mode === 'enroll') form.append('consent', 'true');
    const username = document.getElementById('username');
    if (username && username.value.trim()) form.append('username', username.value.trim());
    say(mode === 'enroll' ? 'Saving…' : 'Checking…');
    try {
      const headers = { Accept: 'application/json' };
      headers[csrfHeader] = csrfToken;
      const response = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin' });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        say(body.message || 'Done.');
        if (video.srcObject) video.srcObject.getTracks().forEach((t) => t.stop());
        window.location.assign(body.redirect || '/account');
        return;
      }
      say(body.message || ('The server refused (' + response.status + ').'));
    } catch (e) {
      say('The server could not be reached; try again.');
    }
    captureButton.disabled = false;
  });
}());
