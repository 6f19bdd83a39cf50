// The server's head pose formula (io.facegate.face.pose.HeadPoseEstimator) on face-api.js's 68 landmarks, for the
// page's per-action progress only (the server decides): yaw from the nose between the face contour's sides,
// pitch from the nose between the eye line and the mouth corners, after undoing roll. Loaded by face-worker.js
// (importScripts) and by scripts/page-pose.mjs (Node), which measures its agreement with the server.
// headPose(points: [{x, y}] × 68) → {yaw, pitch} in degrees (yaw > 0: turned to the subject's left; pitch > 0: up).
(function (root) {
  'use strict';
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
  if (typeof module === 'object' && module.exports) module.exports = headPose;
  else root.headPose = headPose;
}(typeof self !== 'undefined' ? self : this));
