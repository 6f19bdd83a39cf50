// Runs a build step only when its inputs changed since its last successful run.
//
// Usage: node scripts/if-changed.mjs STAMP [--out PATH]... INPUT... -- COMMAND [ARG...]
//
// The SHA-256 of the inputs' contents (a folder counts with every file under it, in name order; a missing
// input counts as missing) and of the command line is compared with the one in STAMP. If they are equal and
// every --out path exists, the step is up to date and nothing runs. Otherwise COMMAND runs (in the current
// folder, output passed through) and, when it exits 0, STAMP is written, so a failed or interrupted run is
// repeated next time. The stamp holds the inputs as they are after the run (npm install may rewrite
// package-lock.json). Exits with COMMAND's exit code (0 when up to date).
//
// Used by pom.xml for the npm install (STAMP in node_modules, so deleting node_modules installs again) and
// for face-api.js's reference run (STAMP in its output folder, so `mvn clean` runs it again). Written in
// Node, which the build needs anyway, so it works wherever npm does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

function usage(message) {
  console.error(`if-changed: ${message}. Usage: node scripts/if-changed.mjs STAMP [--out PATH]... INPUT... -- COMMAND [ARG...]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const split = args.indexOf('--');
if (split < 1 || split === args.length - 1) usage('a stamp file, inputs and a command after -- are needed');
const stamp = args[0];
const outputs = [];
const inputs = [];
for (let i = 1; i < split; i++) {
  if (args[i] === '--out') {
    if (i + 1 >= split) usage('--out needs a path');
    outputs.push(args[++i]);
  } else {
    inputs.push(args[i]);
  }
}
const command = args.slice(split + 1);

function addToHash(hash, p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    hash.update(`missing\0${p}\0`);
    return;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) addToHash(hash, path.join(p, name));
  } else {
    hash.update(`file\0${p}\0${stat.size}\0`);
    hash.update(fs.readFileSync(p));
  }
}

function digestOfInputs() {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify(command));
  for (const input of inputs) addToHash(hash, input);
  return hash.digest('hex');
}
const digest = digestOfInputs();

let previous = null;
try {
  previous = fs.readFileSync(stamp, 'utf8').trim();
} catch {
  // no stamp: never run, or cleaned
}
if (previous === digest && outputs.every((o) => fs.existsSync(o))) {
  // A long command line (a Java class path) is shortened in the message; the stamp covers it whole.
const shown = command.join(' ');
console.log(`if-changed: ${shown.length > 160 ? `${shown.slice(0, 60)} … ${shown.slice(-90)}` : shown}: up to date`
  + ` (${inputs.join(', ')} unchanged)`);
  process.exit(0);
}

// npm is a .cmd file on Windows, which only a shell starts.
const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) {
  console.error(`if-changed: could not start ${command[0]}: ${result.error.message}`);
  process.exit(2);
}
if (result.status !== 0) process.exit(result.status ?? 1);
fs.mkdirSync(path.dirname(stamp), { recursive: true });
// Hashed again: the command may rewrite an input (npm install updates package-lock.json).
fs.writeFileSync(stamp, `${digestOfInputs()}\n`);
