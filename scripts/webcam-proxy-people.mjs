// Builds the webcam-check proxy set from the shared LFW copy: COUNT people of the identification protocol's
// report half (never used to choose a threshold), each with at least 4 images outside View 1's pairs, as a folder
// of symbolic links OUT/name/name_NNNN.jpg (the images stay where they are; nothing is copied).
//
// Usage: node scripts/webcam-proxy-people.mjs LFW_DIR OUT_DIR [COUNT=20]
//
// The half is the one of face.eval.IdentificationProtocol: the people with an image outside
// LFW_DIR/pairsDevTest.txt, sorted by name (UTF-16 order, as Java's TreeMap), at odd positions. COUNT people are
// taken evenly spaced along that list. Then: java -jar target/facegate.jar webcam-check --people OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const [lfw, out, countArg] = process.argv.slice(2);
if (!lfw || !out) {
  console.error('Usage: node scripts/webcam-proxy-people.mjs LFW_DIR OUT_DIR [COUNT=20]');
  process.exit(2);
}
const count = Number(countArg ?? 20);
if (!Number.isInteger(count) || count < 2) {
  console.error(`COUNT must be a whole number of at least 2, got ${countArg}.`);
  process.exit(2);
}
const images = path.join(lfw, 'images');
const excluded = new Set();
const pairs = fs.readFileSync(path.join(lfw, 'pairsDevTest.txt'), 'utf8').split('\n').slice(1);
const name = (person, n) => `${person}/${person}_${String(n).padStart(4, '0')}.jpg`;
for (const line of pairs) {
  const f = line.trim().split(/\s+/);
  if (f.length === 3) { excluded.add(name(f[0], f[1])); excluded.add(name(f[0], f[2])); }
  if (f.length === 4) { excluded.add(name(f[0], f[1])); excluded.add(name(f[2], f[3])); }
}
const kept = new Map();
for (const person of fs.readdirSync(images)) {
  const dir = path.join(images, person);
  if (!fs.statSync(dir).isDirectory()) continue;
  const files = fs.readdirSync(dir).filter((f) => /_\d{4}\.jpg$/.test(f))
    .filter((f) => !excluded.has(`${person}/${f}`)).sort();
  if (files.length > 0) kept.set(person, files);
}
const report = [...kept.keys()].sort().filter((_, i) => i % 2 === 1);
const eligible = report.filter((p) => kept.get(p).length >= 4);
if (eligible.length < count) {
  console.error(`Only ${eligible.length} people of the report half have 4 images; asked for ${count}.`);
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true, mode: 0o700 });
const step = eligible.length / count;
for (let k = 0; k < count; k++) {
  const person = eligible[Math.floor(k * step)];
  const dir = path.join(out, person);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of kept.get(person)) {
    const link = path.join(dir, f);
    if (!fs.existsSync(link)) fs.symlinkSync(path.resolve(images, person, f), link);
  }
}
console.log(`${count} people of ${eligible.length} eligible (report half, >= 4 images outside View 1) linked in ${out}`);
