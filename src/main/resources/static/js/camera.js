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
  let latestPose = null;     // {yaw, pitch, at}: the overlay's own estimate of the head pose, for progress only
  let capturing = false;     // while a challenge is filmed the overlay runs less often, so it never delays frames

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
      const started = performance.now();
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
        latestPose = result.length === 1 ? Object.assign(headPose(result[0].landmarks.positions), { at: performance.now() }) : null;
      } catch (e) {
        console.warn('Face overlay frame failed:', e);
      }
      // Slower while a challenge is filmed, and slower still when inference itself is slow (a slow phone): the
      // frames are taken in requestVideoFrameCallback and must not wait for the overlay.
      const took = performance.now() - started;
      setTimeout(loop, capturing ? Math.max(300, 2 * took) : Math.max(150, took));
    };
    loop();
  }

  // The server's head pose formula (HeadPoseEstimator) on face-api.js landmarks: yaw from the nose between the
  // face contour's sides, pitch from the nose between the eye line and the mouth corners, after undoing roll.
  function headPose(p) {
    const mean = (a, b) => { let x = 0, y = 0; for (let i = a; i <= b; i++) { x += p[i].x; y += p[i].y; } return { x: x / (b - a + 1), y: y / (b - a + 1) }; };
    const right = mean(36, 41), left = mean(42, 47);
    const roll = Math.atan2(left.y - right.y, left.x - right.x);
    const c = Math.cos(-roll), s = Math.sin(-roll);
    const ox = (left.x + right.x) / 2, oy = (left.y + right.y) / 2;
    const X = (i) => c * (p[i].x - ox) - s * (p[i].y - oy);
    const Y = (i) => s * (p[i].x - ox) + c * (p[i].y - oy);
    const cr = (X(0) + X(1)) / 2, cl = (X(15) + X(16)) / 2, w = cl - cr;
    const r = w > 1e-6 ? ((X(30) - cr) - (cl - X(30))) / w : 0;
    const my = (Y(48) + Y(54)) / 2;
    const q = my > 1e-6 ? Y(30) / my : 0.55;
    const asin = (v) => Math.asin(Math.max(-1, Math.min(1, v))) * 180 / Math.PI;
    return { yaw: asin(r / 1.25), pitch: asin((0.55 - q) / 0.8) };
  }

  function grab() {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Liveness challenge: ask the server for a nonce, two actions and their cues (ms after the challenge), film on
  // the camera's own clock (requestVideoFrameCallback; a timer where it is missing) one frame per intervalMs with
  // its time since the challenge arrived, show a countdown before each cue and the action's progress after it,
  // and stop once the actions are done (per the page's own pose estimate) or the reaction time is over.
  async function answerChallenge(form) {
    const steps = document.getElementById('challenge');
    const progress = document.getElementById('challenge-progress');
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
    const t0 = performance.now();   // time 0 of the cues and of frameTimes (the server's is earlier: never later)
    const cues = challenge.cues;
    const last = cues[cues.length - 1].atMs;
    const maxEnd = last + challenge.reactionMs.max;
    const minEnd = last + 1200;     // the last movement needs time to come back, whatever the estimate says
    const doneDegrees = 20;         // the server counts 15°: the page asks for 5° more before it ticks
    const done = cues.map(() => false);
    let base = null;
    let doneAt = null;
    const times = [];
    const blobs = [];
    let lastTaken = -Infinity;
    let finished = false;
    say('Hold still and look at the camera; then do each movement as soon as it is shown.');
    steps.hidden = false;
    if (progress) progress.hidden = false;
    capturing = true;

    const amount = (action, pose) => {
      if (!pose || !base) return 0;
      const d = { turn_left: pose.yaw - base.yaw, turn_right: base.yaw - pose.yaw, look_up: pose.pitch - base.pitch, look_down: base.pitch - pose.pitch }[action];
      return Math.max(0, Math.min(1, d / doneDegrees));
    };
    const show = (t) => {
      if (!base && latestPose && t < cues[0].atMs) base = latestPose;
      let k = cues.findIndex((c) => t < c.atMs);
      if (k === -1) k = cues.length;
      const current = k - 1;   // the action shown last, -1 before the first cue
      if (current >= 0 && !done[current]) {
        const a = amount(cues[current].action, latestPose);
        if (progress) progress.value = a;
        if (a >= 1) { done[current] = true; if (current === cues.length - 1) doneAt = t; }
      }
      const ticks = cues.map((c, i) => (done[i] ? '✓ ' : '') + challenge.instructions[i]).join(' · ');
      if (k < cues.length && (current < 0 || done[current] || t > cues[current].atMs + 1500)) {
        const secs = Math.ceil((cues[k].atMs - t) / 1000);
        steps.textContent = 'Next: ' + challenge.instructions[k] + ' in ' + secs + '… (' + ticks + ')';
      } else if (current >= 0) {
        steps.textContent = (current + 1) + '/' + cues.length + ': ' + challenge.instructions[current] + ' now, then face the camera (' + ticks + ')';
      }
    };

    const take = (t) => {
      if (t < 0 || t <= lastTaken || t - lastTaken < challenge.frames.intervalMs || blobs.length >= challenge.frames.max) return;
      lastTaken = t;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
      const ms = Math.round(t);
      if (times.length && ms <= times[times.length - 1]) return;
      times.push(ms);
      blobs.push(new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92)));
    };

    await new Promise((resolve) => {
      const finish = () => { if (!finished) { finished = true; resolve(); } };
      const step = (t) => {
        take(t);
        show(t);
        if (t >= maxEnd || blobs.length >= challenge.frames.max || (doneAt !== null && t >= Math.max(minEnd, doneAt + 600))) { finish(); return false; }
        return true;
      };
      if (typeof video.requestVideoFrameCallback === 'function') {
        const onFrame = (now, meta) => {
          if (finished) return;
          // captureTime (camera streams) or presentationTime: both on the performance.now() clock.
          const stamp = meta && (meta.captureTime || meta.presentationTime) ? (meta.captureTime || meta.presentationTime) : now;
          if (step(stamp - t0)) video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
        // A stalled camera must not hang the page: the timer ends the capture at the latest time.
        setTimeout(finish, maxEnd + 2000);
      } else {
        const tick = () => { if (!finished && step(performance.now() - t0)) setTimeout(tick, 40); };
        tick();
      }
    });
    capturing = false;
    steps.hidden = true;
    if (progress) progress.hidden = true;
    const frames = await Promise.all(blobs);
    if (frames.some((b) => !b) || frames.length < challenge.frames.min) { say('Capturing failed; try again.'); return false; }
    frames.forEach((b, i) => form.append('frames', b, 'frame' + i + '.jpg'));
    form.append('frameTimes', JSON.stringify(times));
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
