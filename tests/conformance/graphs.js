#!/usr/bin/env node
/*
 * Checks diagrams drawn by serverless-builder (issue 13): every `.mmd` file
 * parses with Mermaid 11 (in jsdom), every `.dot` file with Graphviz's
 * `dot` (from Debian's graphviz), every `.svg` file as XML (jsdom's
 * DOMParser, which reports a parsererror document for malformed XML).
 *
 *   node graphs.js DIR
 *
 * Exit status: 0 when every file is valid, 1 when one is not, 2 for a setup
 * error (no `dot`, mermaid not installed).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const dir = process.argv[2];
if (!dir) { console.error('usage: node graphs.js DIR'); process.exit(2); }
const files = fs.readdirSync(dir).sort();
const failures = [];
const counts = { mmd: 0, dot: 0, svg: 0 };

(async () => {
  const { JSDOM } = require('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  let mermaid;
  try { mermaid = (await import('mermaid')).default; } catch (e) { console.error(`graphs.js: mermaid is not installed: ${e.message}`); process.exit(2); }
  mermaid.initialize({ startOnLoad: false });
  if (spawnSync('dot', ['-V']).error) { console.error('graphs.js: `dot` not found (Debian package graphviz)'); process.exit(2); }
  const t0 = Date.now();
  for (const f of files) {
    const file = path.join(dir, f);
    const ext = path.extname(f).slice(1);
    if (!(ext in counts)) continue;
    counts[ext] += 1;
    const text = fs.readFileSync(file, 'utf8');
    if (ext === 'mmd') {
      try { await mermaid.parse(text); } catch (e) { failures.push(`${f}: mermaid: ${String(e.message).split('\n').slice(0, 3).join(' ')}`); }
    } else if (ext === 'dot') {
      const p = spawnSync('dot', ['-Tsvg', '-o', '/dev/null', file], { encoding: 'utf8' });
      if (p.status !== 0 || /error|syntax/i.test(p.stderr || '')) failures.push(`${f}: dot (rc=${p.status}): ${(p.stderr || '').trim().split('\n')[0]}`);
    } else {
      const doc = new dom.window.DOMParser().parseFromString(text, 'image/svg+xml');
      const err = doc.getElementsByTagName('parsererror')[0];
      if (err || doc.documentElement.nodeName !== 'svg') failures.push(`${f}: svg: ${err ? err.textContent.split('\n')[0] : doc.documentElement.nodeName}`);
    }
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`graphs.js: ${counts.mmd} Mermaid, ${counts.dot} DOT, ${counts.svg} SVG files; ${failures.length} invalid; ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  process.exit(failures.length ? 1 : 0);
})();
