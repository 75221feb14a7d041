// classify.js — runs an image classifier through the N-API addon (addon.c, TensorFlow Lite's C API
// on an installed tflc) on golden cases: CASE/input_0.bin in, the output must equal TensorFlow
// Lite's CASE/output_0.bin byte for byte; prints the top-1 class with its label.
// Usage: node classify.js ADDON.node MODEL LABELS CASE_DIR...   exit status 0 when every case matches.
'use strict';
const fs = require('fs');
const path = require('path');

if (process.argv.length < 6) {
  console.error('usage: node classify.js ADDON.node MODEL LABELS CASE_DIR...');
  process.exit(2);
}
const [addonPath, modelPath, labelsPath, ...cases] = process.argv.slice(2);
const tflite = require(path.resolve(addonPath));
const labels = fs.readFileSync(labelsPath, 'utf8').split('\n');
console.log(`TensorFlow Lite C API ${tflite.version()} (Node ${process.version}, N-API)`);

// One case: the error message when it fails, null when it matches.
function checkCase(dir) {
  const input = fs.readFileSync(path.join(dir, 'input_0.bin'));
  const golden = fs.readFileSync(path.join(dir, 'output_0.bin'));
  const scores = tflite.run(modelPath, [input])[0];
  if (!scores.equals(golden)) {
    let i = 0;
    while (i < scores.length && i < golden.length && scores[i] === golden[i]) i++;
    return `${dir}: output differs from TensorFlow Lite's (${scores.length} vs ${golden.length} bytes, first difference at byte ${i})`;
  }
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  console.log(`${path.basename(dir)}: identical to TensorFlow Lite; top-1 ${best} ${labels[best] ?? '?'} (score ${scores[best]}/255)`);
  return null;
}

let failed = 0;
for (const dir of cases) {
  let error;
  try {
    error = checkCase(dir);
  } catch (e) {
    error = `${dir}: ${e.message}`;
  }
  if (error !== null) {
    console.error(`FAILED: ${error}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
