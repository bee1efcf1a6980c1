// Builds the browser bundles the web module serves, from the pinned rrweb package (npm ci first):
//   static/rrweb.min.js, static/rrweb.css   the agent viewer's replayer (our own page: a global is fine)
//   static/replay-guard.js                  the replay hardening (src/replay-guard.js), the viewer's global
//   visitor/tandem-capture.js               rrweb + src/tripwire.js + src/wire.js + src/replay-guard.js + src/preview.js
//                                           + src/control.js + src/modal.js + src/guidance.js + src/capture.js, wrapped so
//                                           that nothing is added to the customer's page's globals
//   visitor/tandem-visitor.js               src/modal.js + src/script-url.js + src/visitor.js, wrapped the same way
//                                           (src/modal.js: the UI both visitor scripts show, one implementation: elements,
//                                           buttons, modal dialog; src/script-url.js: the Trusted Types policy for a script URL)
//   loader.js                               src/script-url.js + src/loader.js, wrapped the same way: the tag sites embed
// Output goes to the directory given as the first argument (the Maven build passes target/frontend).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  throw new Error('usage: node build.mjs OUTPUT_DIR');
}
const rrwebDist = join(here, 'node_modules', 'rrweb', 'dist');
const rrwebVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'rrweb', 'package.json'), 'utf8')).version;
const rrweb = readFileSync(join(rrwebDist, 'rrweb.umd.min.cjs'), 'utf8');
const license = `/*! rrweb ${rrwebVersion} | MIT License | https://github.com/rrweb-io/rrweb */\n`;

function write(relative, text) {
  const file = join(out, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

write('static/rrweb.min.js', license + rrweb);
write('static/rrweb.css', readFileSync(join(rrwebDist, 'style.min.css'), 'utf8'));
// The replay hardening, shared by the agent viewer (this global on our own page) and the preview.
const replayGuard = readFileSync(join(here, 'src', 'replay-guard.js'), 'utf8');
write('static/replay-guard.js', replayGuard);

// The visitor's UI, shared by both visitor bundles: each gets its own local tandemModal.
const modal = readFileSync(join(here, 'src', 'modal.js'), 'utf8');
// The Trusted Types policy for the script each of loader.js and tandem-visitor.js adds: a local tandemScriptUrl in each.
const scriptUrl = readFileSync(join(here, 'src', 'script-url.js'), 'utf8');
write('visitor/tandem-visitor.js', '(function () {\n' + modal + '\n' + scriptUrl + '\n'
  + readFileSync(join(here, 'src', 'visitor.js'), 'utf8') + '\n}());\n');
write('loader.js', '(function () {\n' + scriptUrl + '\n' + readFileSync(join(here, 'src', 'loader.js'), 'utf8') + '\n}());\n');

// The UMD wrapper assigns to module.exports when `module` and `exports` are in scope, so declaring
// them here keeps rrweb out of window; capture.js then reads it from the local `rrweb`.
// tripwire.js, wire.js, replay-guard.js, preview.js, control.js, modal.js and guidance.js each declare one local
// (tandemTripwire, tandemWire, tandemReplayGuard, tandemPreview, tandemControl, tandemModal, tandemGuidance) that the
// files after them use, inside the same wrapper.
const capture = readFileSync(join(here, 'src', 'tripwire.js'), 'utf8')
  + '\n' + readFileSync(join(here, 'src', 'wire.js'), 'utf8')
  + '\n' + replayGuard
  + '\n' + readFileSync(join(here, 'src', 'preview.js'), 'utf8')
  + '\n' + readFileSync(join(here, 'src', 'control.js'), 'utf8')
  + '\n' + modal
  + '\n' + readFileSync(join(here, 'src', 'guidance.js'), 'utf8')
  + '\n' + readFileSync(join(here, 'src', 'capture.js'), 'utf8');
write('visitor/tandem-capture.js', license
  + '(function () {\nvar module = { exports: {} };\nvar exports = module.exports;\n'
  + rrweb
  + '\nvar rrweb = module.exports;\n'
  + capture
  + '\n}());\n');
console.log(`frontend: rrweb ${rrwebVersion} bundles written to ${out}`);
