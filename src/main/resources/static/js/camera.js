// FaceGate camera pages (/setupfaceid, /face-login): camera preview, live face box + landmarks found in the
// browser by face-api.js (wasm backend; tiny face detector and tiny 68-point landmark net) in a Worker
// (face-worker.js, so that its inference never holds up this thread's frame capture and cues), and upload of
// captured frames to the server, which decides.
// Before a capture may start, the page's guide asks for exactly one face, big and lit enough (the server's
// limits with a margin, from the section's data-min-face-width / data-min-face-luma); without face-api.js the
// server's one-frame pre-check (POST /camera/precheck) does that job.
(function () {
  'use strict';
  const section = document.getElementById('camera');
  if (!section) return;
  const video = document.getElementById('video');
  const overlay = document.getElementById('overlay');
  const status = document.getElementById('status');
  const alertBox = document.getElementById('alert');
  const progress = document.getElementById('progress');
  const startButton = document.getElementById('start');
  const captureButton = document.getElementById('capture');
  const consentBox = document.getElementById('consent-box');
  const mode = section.dataset.mode;            // "enroll" or "login"
  const url = section.dataset.url;
  const frameCount = Math.max(1, parseInt(section.dataset.frames || '1', 10));
  const minFaceWidth = parseInt(section.dataset.minFaceWidth || '0', 10);
  const minFaceLuma = parseInt(section.dataset.minFaceLuma || '0', 10);
  const csrfToken = document.querySelector('meta[name="_csrf"]').content;
  const csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;
  /** Guide seconds between two server pre-checks when the overlay cannot run (the server allows one a second). */
  const PRECHECK_EVERY_MS = 1500;
  /** Longest wait for the face guide's worker to load once the camera runs, ms (a slow phone on a slow network
   *  loads its 1.6 MB in under 10 s at 4× throttling here; beyond this the server's pre-check guides instead). */
  const GUIDE_LOAD_LIMIT_MS = 30000;
  /** Longest wait for the worker's answer on one picture, ms (4× throttled here: 0.1–0.7 s; a first run 2 s). */
  const RESULT_LIMIT_MS = 15000;
  let overlayReady = false;
  let guideOk = false;          // the live picture shows one face, big and lit enough
  let busy = false;             // a capture or an upload is under way
  let waitUntil = 0;            // throttled: no attempt before this time (ms since the epoch)
  let guideText = '';
  let latestPose = null;     // {yaw, pitch, at}: the overlay's own estimate of the head pose, for progress only

  function say(text) { status.textContent = text; }

  // While the server checks the frames (a second or two, longer when it is busy): a moving bar, and after
  // STILL_WAITING_MS a sentence saying that the page is not stuck. Returns the function that ends it.
  const STILL_WAITING_MS = 8000;
  function waiting(text) {
    const bar = document.getElementById('server-progress');
    say(text);
    if (bar) bar.hidden = false;
    const later = setTimeout(() => say('Still checking: the server is busy. Please wait; this page is not stuck.'),
      STILL_WAITING_MS);
    return () => { clearTimeout(later); if (bar) bar.hidden = true; };
  }

  // An error or refusal: shown as an error (role=alert) with one next step; the page's older banners (e.g. a
  // green "Welcome") are hidden so that nothing stale stands above it.
  function fail(text, next) {
    alertBox.replaceChildren();
    const p = document.createElement('p');
    p.textContent = text;
    alertBox.append(p);
    if (next) alertBox.append(next);
    alertBox.hidden = false;
    document.querySelectorAll('main > .flash').forEach((el) => { if (el !== alertBox) el.hidden = true; });
    say('');
    // On a phone the alert sits below the camera, under the fold: bring it into view.
    if (alertBox.scrollIntoView) alertBox.scrollIntoView({ block: 'nearest' });
  }

  function clearAlert() { alertBox.hidden = true; alertBox.replaceChildren(); }

  function button(label, action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', action);
    return b;
  }

  function list(items) {
    const ul = document.createElement('ul');
    items.forEach((text) => { const li = document.createElement('li'); li.textContent = text; ul.append(li); });
    return ul;
  }

  function retryButton() { return button('Try again', () => { clearAlert(); startButton.hidden = false; startCamera(); }); }

  // In-app browsers (Facebook, Instagram, LINE, WeChat, X, LinkedIn, TikTok, Snapchat, Android WebViews) often
  // give pages no camera; the system browser does.
  function inAppBrowser() {
    return /FBAN|FBAV|Instagram|\bLine\/|MicroMessenger|Twitter|LinkedInApp|Snapchat|TikTok|musical_ly|; wv\)/i
      .test(navigator.userAgent);
  }

  // Plain words per cause, each with one next step (the empty camera box and the start button go away).
  function cameraProblem(e) {
    section.hidden = true;
    startButton.hidden = true;
    if (!window.isSecureContext) {
      const secure = 'https://' + location.host + location.pathname;
      const a = document.createElement('a');
      a.href = secure;
      a.className = 'button';
      a.textContent = 'Open the secure page';
      return fail('The camera works only on a secure (https://) page, and this page is not one.', a);
    }
    if (inAppBrowser() && (!e || e.name !== 'NotFoundError')) {
      return fail('This app\'s built-in browser does not let web pages use the camera. Open this page in your '
        + 'phone\'s browser: in the app\'s menu (⋯ or ⋮) choose "Open in browser" (or "Open in Safari/Chrome").');
    }
    if (!e) {
      return fail('This browser cannot use a camera. Open this page in a current Chrome, Safari, Firefox or Edge, '
        + 'or use the password login.');
    }
    switch (e.name) {
      case 'NotFoundError':
      case 'DevicesNotFoundError':
      case 'OverconstrainedError':
        return fail('No camera was found on this device. Connect a camera and try again, or use the password login.',
          retryButton());
      case 'NotAllowedError':
      case 'PermissionDeniedError':
      case 'SecurityError': {
        const how = document.createElement('div');
        how.append(document.createTextNode('To allow it again:'), list([
          'Chrome, Edge: click the camera icon (or the icon left of the address) in the address bar, set Camera to Allow.',
          'Safari on a Mac: Safari menu > Settings for This Website > Camera > Allow. iPhone, iPad: tap "aA" in the '
            + 'address bar > Website Settings > Camera > Allow.',
          'Firefox: click the crossed-out camera icon in the address bar and remove the block.',
        ]), document.createTextNode('Then press Try again.'), document.createElement('br'), retryButton());
        return fail('Camera access is blocked for this site.', how);
      }
      case 'NotReadableError':
      case 'TrackStartError':
      case 'AbortError':
        return fail('The camera is busy: another app or browser tab is using it. Close it, then try again.',
          retryButton());
      default:
        return fail('The camera could not be started. Try again; if it fails again, reload the page.', retryButton());
    }
  }

  if (consentBox) {
    consentBox.addEventListener('change', () => { startButton.disabled = !consentBox.checked; });
  }

  startButton.addEventListener('click', () => startCamera());

  async function startCamera() {
    if (consentBox && !consentBox.checked) return;
    startButton.disabled = true;
    section.hidden = false;
    const notice = document.getElementById('consent');
    if (notice) notice.hidden = true;   // consent given: make room for the camera on small screens
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say('');
      cameraProblem(null);
      return;
    }
    say('Starting the camera…');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      video.srcObject = stream;
    } catch (e) {
      console.warn('Camera not started:', e);
      cameraProblem(e);
      return;
    }
    await videoReady();
    startButton.hidden = true;   // the camera runs: the next button is the capture button
    startGuide();
  }

  // Resolves once the video has real dimensions (before that a capture would be an empty 0×0 or 2×2 frame).
  function videoReady() {
    return new Promise((resolve) => {
      const check = () => (video.videoWidth > 0 && video.videoHeight > 0 && video.readyState >= 2) ? resolve() : setTimeout(check, 50);
      check();
    });
  }

  // Enables the capture button only while the guide accepts the picture (and no capture runs, and no throttle
  // wait is on).
  function guide(ok, text) {
    guideOk = ok;
    guideText = text;
    if (busy) return;
    const waiting = Date.now() < waitUntil;
    captureButton.disabled = !ok || waiting;
    if (!waiting) {
      // After a refusal the alert stays up: the guide then invites another try instead of a stale "Good".
      const again = !alertBox.hidden;
      const ready = mode === 'enroll'
        ? (again ? 'Ready for another try: press Capture & save, then follow the prompts.' : 'Good: press Capture & save, then follow the prompts: straight, a little left, a little right.')
        : (again ? 'Ready for another try: press Log in.' : 'Good: press Log in.');
      say(ok ? ready : text);
    }
    section.dataset.guide = ok ? 'ok' : 'wait';
  }

  async function startGuide() {
    say('Loading the face guide…');
    if (await loadOverlay()) {
      say('Looking for your face…');
      overlayLoop();
    } else {
      precheckLoop();
    }
  }

  // The face guide's worker (face-worker.js), started as soon as this script runs so that face-api.js (1.3 MB),
  // its wasm backend and the two small networks load in the background, off this thread; the guide shows the
  // loading progress once the camera runs. Resolves false when it cannot run (no Worker, no OffscreenCanvas, a
  // failed load): the server's pre-check guides then.
  let worker = null;
  let onResult = null;          // the pending frame's result handler
  let loading = { step: 0, of: 3, name: '' };
  let showLoading = false;
  function showProgress() {
    if (!showLoading) return;
    progress.max = loading.of;
    progress.value = Math.max(0, loading.step - 1);
    progress.hidden = false;
    if (loading.step > 0) say('Loading the face guide: ' + loading.name + ' (' + loading.step + ' of ' + loading.of + ')…');
  }
  const overlayLoad = new Promise((resolve) => {
    if (!section.dataset.worker || typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined'
        || typeof createImageBitmap !== 'function') { resolve(false); return; }
    const end = (ok) => { overlayReady = ok; resolve(ok); };
    try {
      worker = new Worker(section.dataset.worker);
    } catch (e) {
      console.warn('Face overlay unavailable:', e);
      end(false);
      return;
    }
    worker.onerror = (e) => { console.warn('Face overlay unavailable:', e.message); worker = null; end(false); };
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === 'progress') {
        loading = m;
        showProgress();
      } else if (m.type === 'ready') {
        end(true);
      } else if (m.type === 'failed') {
        console.warn('Face overlay unavailable:', m.error);
        worker.terminate();
        worker = null;
        end(false);
      } else if (m.type === 'result' && onResult) {
        const handler = onResult;
        onResult = null;
        handler(m);
      }
    };
    worker.postMessage({ type: 'init', faceapi: new URL(section.dataset.faceapi, location.href).href,
      headPose: new URL(section.dataset.headPose, location.href).href, wasm: new URL('/vendor/', location.href).href, models: new URL('/models', location.href).href });
  });

  async function loadOverlay() {
    showLoading = true;
    showProgress();
    const ok = await Promise.race([overlayLoad, sleep(GUIDE_LOAD_LIMIT_MS).then(() => false)]);
    if (!ok && worker) {
      console.warn('Face guide not ready after ' + GUIDE_LOAD_LIMIT_MS + ' ms: the server pre-check guides.');
      worker.terminate();
      worker = null;
    }
    section.dataset.guideBy = ok ? 'worker' : 'server';
    showLoading = false;
    progress.hidden = true;
    return ok;
  }

  // One picture to the worker and its result ({faces, took}); faces is null when the worker failed on it, and the
  // result is null when the worker gave none within RESULT_LIMIT_MS (it is then stopped: the server guides).
  async function analyse() {
    let bitmap;
    try {
      bitmap = await createImageBitmap(video);
    } catch (e) {
      return { faces: null, error: String(e), took: 0 };
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => { onResult = null; resolve(null); }, RESULT_LIMIT_MS);
      onResult = (m) => { clearTimeout(timer); resolve(m); };
      worker.postMessage({ type: 'frame', bitmap }, [bitmap]);
    });
  }

  // The box and the 68 landmarks, drawn mirrored like the video (CSS flips both).
  function draw(faces) {
    const ctx = overlay.getContext('2d');
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    ctx.lineWidth = 2;
    ctx.strokeStyle = 'rgba(0, 0, 255, 1)';
    ctx.fillStyle = 'rgba(0, 255, 0, 1)';
    faces.forEach((f) => {
      ctx.strokeRect(f.box.x, f.box.y, f.box.width, f.box.height);
      f.landmarks.forEach(([x, y]) => ctx.fillRect(x - 1, y - 1, 2, 2));
    });
  }

  // What the guide asks for, or null when the picture is fine: exactly one face, big and lit enough.
  function judge(detections) {
    if (detections.length === 0) return 'No face in view: look straight at the camera, your whole face in the picture.';
    if (detections.length > 1) return 'More than one face in view: only you should be in the picture.';
    if (detections[0].box.width < minFaceWidth) return 'Come closer: your face is too small in the picture.';
    section.dataset.faceLuma = String(Math.round(detections[0].luma));
    if (detections[0].luma < minFaceLuma) return 'Your face is too dark: turn towards a light or add light in front of you.';
    return null;
  }

  let misses = 0;               // overlay results in a row that the guide did not accept

  function overlayLoop() {
    const loop = async () => {
      if (!video.srcObject) return;
      if (!worker) { section.dataset.guideBy = 'server'; precheckLoop(); return; }   // the worker failed
      const result = await analyse();
      if (result === null) {
        console.warn('Face guide gave no answer within ' + RESULT_LIMIT_MS + ' ms: the server pre-check guides.');
        if (worker) worker.terminate();   // null when the worker already failed (onerror)
        worker = null;
        section.dataset.guideBy = 'server';
        precheckLoop();
        return;
      }
      if (result.faces) {
        overlay.width = video.videoWidth;
        overlay.height = video.videoHeight;
        draw(result.faces);
        overlay.dataset.faces = String(result.faces.length);
        overlay.dataset.workerBytes = String(result.bytes);   // the guide's downloads, which the page cannot see
        const problem = judge(result.faces);
        // One missed detection does not take the button away under the user's finger: a problem counts once it
        // is seen twice in a row.
        misses = problem === null ? 0 : misses + 1;
        if (problem === null || misses >= 2 || !guideOk) guide(problem === null, problem);
        latestPose = result.faces.length === 1 ? Object.assign({}, result.faces[0].pose, { at: performance.now() }) : null;
      } else {
        console.warn('Face overlay frame failed:', result.error);
      }
      // The worker is busy at most half of the time, so that on a one-core phone the page's own work (frames,
      // cues, progress) keeps its share.
      setTimeout(loop, Math.max(100, result.took));
    };
    loop();
  }

  // Without the overlay: the server checks one frame now and then (its answer: {ok, error, message}).
  function precheckLoop() {
    say('Checking the picture…');
    const loop = async () => {
      if (!video.srcObject) return;
      if (!busy) {
        try {
          const form = new FormData();
          form.append('frame', await grab(), 'frame.jpg');
          form.append('purpose', mode);
          const headers = { Accept: 'application/json' };
          headers[csrfHeader] = csrfToken;
          const response = await fetch('/camera/precheck', { method: 'POST', body: form, headers, credentials: 'same-origin' });
          const body = await response.json().catch(() => ({}));
          if (response.ok) guide(body.ok === true, body.ok ? '' : (body.message || 'Look at the camera.'));
        } catch (e) {
          console.warn('Pre-check failed:', e);
        }
      }
      setTimeout(loop, PRECHECK_EVERY_MS);
    };
    loop();
  }

  // A throttled state (429): a live countdown, then the capture button comes back.
  function throttled(seconds, message) {
    if (!(seconds > 0)) { fail(message || 'Too many attempts. Use the password login.'); return; }
    waitUntil = Date.now() + seconds * 1000;
    captureButton.disabled = true;
    const p = document.createElement('p');
    p.className = 'countdown';
    fail('Too many failed face logins from here' + (mode === 'login' ? ': wait, or use the password login.' : '.'), p);
    const tick = () => {
      const left = Math.ceil((waitUntil - Date.now()) / 1000);
      if (left <= 0) {
        clearAlert();
        guide(guideOk, guideText);
        return;
      }
      p.textContent = 'You can try again in ' + left + (left === 1 ? ' second.' : ' seconds.');
      setTimeout(tick, 250);
    };
    tick();
  }

  function retryAfter(response) {
    const s = parseInt(response.headers.get('Retry-After') || '', 10);
    return Number.isFinite(s) ? s : 0;
  }

  function grab() {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // Face ID setup: what to do before each picture (the last prompt repeats for any further picture).
  const SETUP_PROMPTS = ['Look straight at the camera.', 'Turn your head a little to your left.',
    'Now turn it a little to your right.', 'Look straight at the camera again.'];

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
      const named = new URLSearchParams();   // the throttle of the named account is asked too
      const user = document.getElementById('username');
      if (user && user.value.trim()) named.append('username', user.value.trim());
      const response = await fetch('/face-login/challenge', { method: 'POST', headers, body: named, credentials: 'same-origin' });
      challenge = await response.json();
      if (response.status === 429) { throttled(retryAfter(response), challenge.message); return false; }
      if (!response.ok) { fail(challenge.message || 'The face check could not start; try again.'); return false; }
    } catch (e) {
      fail('The server could not be reached. Check your connection and press Log in again.');
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
    // On a phone the cues appear under the camera, below the fold: show the camera and the cues together.
    if (section.scrollIntoView) section.scrollIntoView({ block: 'start' });

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
    steps.hidden = true;
    if (progress) progress.hidden = true;
    const frames = await Promise.all(blobs);
    if (frames.some((b) => !b) || frames.length < challenge.frames.min) { fail('Capturing failed; press Log in to try again.'); return false; }
    frames.forEach((b, i) => form.append('frames', b, 'frame' + i + '.jpg'));
    form.append('frameTimes', JSON.stringify(times));
    form.append('nonce', challenge.nonce);
    return true;
  }

  captureButton.addEventListener('click', async () => {
    if (!(video.videoWidth > 0 && video.videoHeight > 0)) { say('The camera is not ready yet.'); return; }
    if (!guideOk || Date.now() < waitUntil) { say(guideText || 'Wait a moment.'); return; }
    busy = true;
    captureButton.disabled = true;
    clearAlert();
    const form = new FormData();
    if (mode === 'login' && section.dataset.liveness === 'true') {
      if (!(await answerChallenge(form))) { busy = false; guide(guideOk, guideText); return; }
    } else {
      say('Capturing…');
      for (let i = 0; i < frameCount; i++) {
        if (mode === 'enroll') {
          // Setup asks for a little pose variety (straight, slightly left, slightly right), as phone face unlock
          // does; the server enrols the frames either way (SetupPoseVariety) and suggests the turns if missing.
          say(SETUP_PROMPTS[Math.min(i, SETUP_PROMPTS.length - 1)] + ' (' + (i + 1) + ' of ' + frameCount + ')');
          if (i > 0) await sleep(1500);
        } else if (i > 0) {
          await sleep(250);
        }
        const blob = await grab();
        if (!blob) { fail('Capturing failed; press the button to try again.'); busy = false; guide(guideOk, guideText); return; }
        form.append('frames', blob, 'frame' + i + '.jpg');
      }
    }
    if (mode === 'enroll') form.append('consent', 'true');
    const username = document.getElementById('username');
    if (username && username.value.trim()) form.append('username', username.value.trim());
    const endWaiting = waiting(mode === 'enroll' ? 'Saving…' : 'Checking…');
    try {
      const headers = { Accept: 'application/json' };
      headers[csrfHeader] = csrfToken;
      const response = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin' })
        .finally(endWaiting);
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        if (video.srcObject) video.srcObject.getTracks().forEach((t) => t.stop());
        video.srcObject = null;
        const done = document.getElementById('done');
        if (mode === 'enroll' && done) {
          // Setup success is shown, and the user moves on when ready.
          section.hidden = true;
          document.querySelectorAll('main > .flash').forEach((el) => { if (el !== done) el.hidden = true; });
          document.getElementById('done-text').textContent = body.message || 'Face ID is set up.';
          done.hidden = false;
          const other = document.getElementById('account-link');
          if (other) other.hidden = true;   // one next step: Continue
          document.getElementById('continue').focus();
          return;
        }
        say(body.message || 'Done.');
        window.location.assign(body.redirect || '/account');
        return;
      }
      if (response.status === 429) {
        throttled(retryAfter(response), body.message);
      } else {
        fail(body.message || ('The server refused (' + response.status + '); try again.'));
      }
    } catch (e) {
      fail('The server could not be reached. Check your connection and try again.');
    }
    busy = false;
    guide(guideOk, guideText);
  });
}());
