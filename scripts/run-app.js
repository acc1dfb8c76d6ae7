#!/usr/bin/env node
'use strict';
// The cdktf app's runner. esbuild bundles main.ts and the project's modules into one CommonJS
// file and node runs it: several times faster than ts-node,
// which compiles file by file on every synth. The bundle is rebuilt only when a source changes
// (a content hash of the sources: 15-40 ms measured). Type checking is `npm run typecheck`. For source-mapped stack
// traces of an unexpected error, run with NODE_OPTIONS=--enable-source-maps.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
// Dependencies stay in node_modules, except zod: bundled, it is tree-shaken to the schema kinds the
// loader uses (its CommonJS entry loads every locale and the JSON-schema converters: 92 ms of a
// --cpu-prof of the shipped synth).
const BUNDLED = new Set(['zod']);
const outfile = path.join(root, '.build', 'main.js');
const keyFile = `${outfile}.sources`;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const hash = crypto.createHash('sha256');
for (const file of [
  path.join(root, 'main.ts'),
  ...sourceFiles(path.join(root, 'lib')),
  ...sourceFiles(path.join(root, 'stacks')),
  path.join(root, 'package.json'),
  path.join(root, 'package-lock.json'),
  __filename,
].sort()) {
  hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
}
const key = hash.digest('hex');
if (!fs.existsSync(outfile) || !fs.existsSync(keyFile) || fs.readFileSync(keyFile, 'utf8') !== key) {
  const { outputFiles } = require('esbuild').buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: Object.keys(require(path.join(root, 'package.json')).dependencies)
      .filter((name) => !BUNDLED.has(name))
      .flatMap((name) => [name, `${name}/*`]),
    sourcemap: true,
    outfile,
    write: false,
    logLevel: 'warning',
  });
  // Written through a temporary name and a rename: a synth running alongside never loads half a bundle.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of [...outputFiles, { path: keyFile, contents: Buffer.from(key) }]) {
    const temporary = `${file.path}.${process.pid}`;
    fs.writeFileSync(temporary, file.contents);
    fs.renameSync(temporary, file.path);
  }
}
// cdktf 0.21's TerraformOutput calls util.isArray, which Node 22 deprecates at runtime (DEP0044): every
// synth would print a DeprecationWarning. Array.isArray is what util.isArray returns; drop this with cdktf.
require('util').isArray = Array.isArray;
// Node.js 22.1+ keeps V8's compiled code of the bundle and node_modules on disk (synth 1.11 -> 0.87 s, medians
// of 7 alternating runs on Node.js 22.23); Node.js 20 has no such API and compiles every run.
require('module').enableCompileCache?.(path.join(root, '.build', 'compile-cache'));
require(outfile).main(root);
