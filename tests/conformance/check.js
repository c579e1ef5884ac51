#!/usr/bin/env node
/*
 * Conformance checks for Amazon States Language definitions and serverless.yml
 * files (serverless-step-functions).  See README.md beside this file.
 *
 *   node tests/conformance/check.js [--run] [--json-out FILE] [--quiet] PATH...
 *
 * Every tool comes from tests/conformance/node_modules and tests/conformance/.venv,
 * installed by install.sh.  Nothing here needs the network.
 * Exit status: 0 no FAIL, 1 at least one FAIL, 2 usage or installation error.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { createRequire } = require('module');
const { isDeepStrictEqual } = require('util');

const HERE = __dirname;
const hreq = createRequire(path.join(HERE, 'package.json'));
const VENV_BIN = path.join(HERE, '.venv', process.platform === 'win32' ? 'Scripts' : 'bin');
const ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const DEF_VALIDATORS = ['asl-validator', 'statelint', 'asl-ls', 'cfn-lint', 'moto-parse', 'moto-run'];
const FILE_VALIDATORS = ['plugin-schema', 'sls-package', 'sls-cfn-lint', 'osls3-package', 'osls3-cfn-lint', 'osls4-package', 'osls4-cfn-lint'];
// The frameworks a serverless file is packaged with: the validator, the
// framework's entry point, and the cfn-lint validator of its template.
// osls (v3 and v4 lines) runs only when asked for with --only.
const FRAMEWORKS = [
  { validator: 'sls-package', bin: 'serverless/bin/serverless.js', lint: 'sls-cfn-lint', name: 'serverless 3' },
  { validator: 'osls3-package', bin: 'osls3/bin/serverless.js', lint: 'osls3-cfn-lint', name: 'osls 3' },
  { validator: 'osls4-package', bin: 'osls4/bin/serverless.js', lint: 'osls4-cfn-lint', name: 'osls 4' },
];
const ON_REQUEST = new Set(['osls3-package', 'osls3-cfn-lint', 'osls4-package', 'osls4-cfn-lint']);
const ALL = [...DEF_VALIDATORS, ...FILE_VALIDATORS];
const SIDECAR = /\.(input|expect|cases)\.json$/i;
const SKIP_DIRS = new Set(['node_modules', '.serverless', '.git', '.venv', 'venv', 'target', '__pycache__']);

// ------------------------------------------------------------------ CLI
const USAGE = `usage: node check.js [options] PATH...

PATH: a .json file (one ASL definition), a .yml/.yaml file (a serverless file, or one
ASL definition when it has top-level StartAt and States), or a directory (every such
file inside, recursively; *.input.json, *.expect.json, *.cases.json, package*.json and
YAML files that are neither ASL nor serverless are ignored there).

  --run               also execute each definition in moto (validator moto-run), with
                      NAME.input.json / NAME.expect.json / NAME.cases.json if present
  --json-out FILE     write machine-readable results to FILE
  --quiet             print only FAIL lines and the summary
  --only LIST         run only these validators (comma separated)
  --skip LIST         do not run these validators
                      (${ALL.join(', ')})
  --strict            keep the known false positives (README.md) instead of dropping them
  --stage NAME        stage for serverless variables (default: provider.stage, else dev)
  --run-timeout S     seconds one execution may take (default 10)
  --jobs N            serverless files packaged in parallel (default: min(4, CPUs))
  --cfn-lint-procs N  split the definitions over N cfn-lint processes (default 1)
  --keep-tmp          keep the temporary directory and print its path
  -h, --help          this text`;

function die(msg, code = 2) { process.stderr.write(`check.js: ${msg}\n`); process.exit(code); }

function parseArgs(argv) {
  const o = { paths: [], run: false, jsonOut: null, quiet: false, only: null, skip: new Set(), strict: false,
    stage: null, runTimeout: 10, jobs: Math.max(1, Math.min(4, os.cpus().length)), cfnLintProcs: 1, keepTmp: false };
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) die(`${a} needs a value`); return argv[++i]; };
    if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else if (a === '--run') o.run = true;
    else if (a === '--json-out') o.jsonOut = val();
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--only') o.only = new Set(list(val()));
    else if (a === '--skip') list(val()).forEach((v) => o.skip.add(v));
    else if (a === '--strict') o.strict = true;
    else if (a === '--stage') o.stage = val();
    else if (a === '--run-timeout') o.runTimeout = Number(val());
    else if (a === '--jobs') o.jobs = Math.max(1, parseInt(val(), 10) || 1);
    else if (a === '--cfn-lint-procs') o.cfnLintProcs = Math.max(1, parseInt(val(), 10) || 1);
    else if (a === '--keep-tmp') o.keepTmp = true;
    else if (a === '--') { o.paths.push(...argv.slice(i + 1)); break; }
    else if (a.startsWith('-')) die(`unknown option ${a}\n${USAGE}`);
    else o.paths.push(a);
  }
  for (const v of [...(o.only || []), ...o.skip]) if (!ALL.includes(v)) die(`unknown validator ${v}`);
  if (!o.paths.length) die(USAGE);
  if (!(o.runTimeout > 0)) die('--run-timeout must be a positive number');
  return o;
}
const opts = parseArgs(process.argv.slice(2));
const wanted = (v) => (v !== 'moto-run' || opts.run) && (!opts.only || opts.only.has(v)) && !opts.skip.has(v)
  && (!ON_REQUEST.has(v) || (opts.only && opts.only.has(v)));

// ------------------------------------------------------------------ installation check
function requireTool(name) {
  try { return hreq(name); } catch (e) { die(`${name} is not installed: run tests/conformance/install.sh (${e.message.split('\n')[0]})`); }
  return null;
}
const PYTHON = path.join(VENV_BIN, 'python');
if (['cfn-lint', 'sls-cfn-lint', 'osls3-cfn-lint', 'osls4-cfn-lint', 'moto-parse', 'moto-run'].some(wanted) && !fs.existsSync(PYTHON)) {
  die('tests/conformance/.venv is missing: run tests/conformance/install.sh');
}
const YAML = requireTool('js-yaml');

// ------------------------------------------------------------------ results
const defs = []; // {id, file, key, kind, def, cases, results: {validator: {status, messages, filtered?}}}
const files = []; // {id, file, doc, results}
function set(target, validator, status, messages = [], extra = {}) {
  const msgs = messages.filter((m) => m !== undefined && m !== null && m !== '').map((m) => String(m).replace(/\s+/g, ' ').trim());
  target.results[validator] = { status, messages: msgs, ...extra };
}
const timings = {};
async function timed(name, fn) {
  const t0 = Date.now();
  try { return await fn(); } finally { timings[name] = +((Date.now() - t0) / 1000).toFixed(2); }
}
const clone = (x) => JSON.parse(JSON.stringify(x));
const yieldToLoop = () => new Promise((r) => setImmediate(r));

// ------------------------------------------------------------------ YAML with CloudFormation tags
const CFN_SCHEMA = (() => {
  const types = [];
  const fns = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
    'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'];
  for (const kind of ['scalar', 'sequence', 'mapping']) {
    for (const n of fns) types.push(new YAML.Type(`!${n}`, { kind, construct: (d) => ({ [`Fn::${n}`]: d }) }));
    types.push(new YAML.Type('!Ref', { kind, construct: (d) => ({ Ref: d }) }));
    types.push(new YAML.Type('!Condition', { kind, construct: (d) => ({ Condition: d }) }));
    types.push(new YAML.Type('!GetAtt', { kind,
      construct: (d) => ({ 'Fn::GetAtt': typeof d === 'string' ? [d.split('.')[0], d.split('.').slice(1).join('.')] : d }) }));
  }
  return YAML.DEFAULT_SCHEMA.extend(types);
})();
const loadYaml = (text) => YAML.load(text, { schema: CFN_SCHEMA });

// ------------------------------------------------------------------ serverless variables and CloudFormation intrinsics
// Every per-definition validator gets the same resolved copy: they all reject objects and
// ${...} in Resource.  Resolved: ${self:...} ${sls:stage} ${opt:stage} ${aws:region}
// ${opt:region} ${aws:accountId} ${env:X} with ', fallback' values; Fn::GetAtt / Ref / Fn::Sub
// / Fn::Join; #{AWS::Region} and friends.  ${ssm:} ${cf:} ${s3:} ${file()} stay as written,
// and a Resource that still holds a variable becomes a placeholder Lambda ARN.
function getPath(obj, p) {
  let cur = obj;
  for (const k of p.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}
function splitAlternatives(s) {
  const parts = []; let depth = 0; let cur = ''; let q = null;
  for (const ch of s) {
    if (q) { cur += ch; if (ch === q) q = null; continue; }
    if (ch === '"' || ch === "'") { q = ch; cur += ch; continue; }
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}
// serverless' logical id of a function: getNormalizedFunctionName(key) + 'LambdaFunction'
const normalizedFunctionName = (k) => { const s = k.replace(/-/g, 'Dash').replace(/_/g, 'Underscore'); return s[0].toUpperCase() + s.slice(1); };

class Resolver {
  constructor(doc) {
    this.doc = doc && typeof doc === 'object' ? doc : {};
    this.notes = [];
    this.depth = 0;
    const prov = this.doc.provider || {};
    const plain = (v) => (typeof v === 'string' && !v.includes('${') ? v : null);
    this.stage = 'dev'; this.region = DEFAULT_REGION; this.service = 'service';
    this.stage = opts.stage || plain(this.str(prov.stage)) || 'dev';
    this.region = plain(this.str(prov.region)) || DEFAULT_REGION;
    const svc = typeof this.doc.service === 'object' && this.doc.service ? this.doc.service.name : this.doc.service;
    this.service = plain(this.str(svc)) || 'service';
    this.notes = [];
    this.functions = this.doc.functions && typeof this.doc.functions === 'object' ? this.doc.functions : {};
    this.logicalToFunction = {};
    for (const k of Object.keys(this.functions)) this.logicalToFunction[`${normalizedFunctionName(k)}LambdaFunction`] = k;
    const res = this.doc.resources && this.doc.resources.Resources;
    this.resources = res && typeof res === 'object' ? res : {};
  }

  one(expr) {
    let m;
    expr = expr.trim();
    if ((m = /^'(.*)'$/s.exec(expr)) || (m = /^"(.*)"$/s.exec(expr))) return m[1];
    if (/^-?\d+(\.\d+)?$/.test(expr)) return Number(expr);
    if (expr === 'true' || expr === 'false') return expr === 'true';
    if (expr === 'sls:stage' || expr === 'opt:stage' && opts.stage) return this.stage;
    if (expr === 'aws:region' || expr === 'opt:region') return this.region;
    if (expr === 'aws:accountId') return ACCOUNT;
    if (expr === 'sls:instanceId') return 'conformance-instance';
    if ((m = /^self:(.*)$/.exec(expr))) {
      const v = getPath(this.doc, m[1]);
      if (v === undefined && m[1] === 'provider.stage') return this.stage;
      if (v === undefined && m[1] === 'provider.region') return this.region;
      return v === undefined ? undefined : this.deep(v);
    }
    if ((m = /^env:(.*)$/.exec(expr))) return process.env[m[1]];
    return undefined;
  }

  str(s) {
    if (typeof s !== 'string' || !s.includes('${') || this.depth > 20) return s;
    this.depth++;
    try {
      const whole = /^\$\{([^{}]+)\}$/.exec(s);
      if (whole) {
        for (const alt of splitAlternatives(whole[1])) {
          const v = this.one(alt);
          if (v !== undefined && v !== null) { this.notes.push(`${s} -> ${JSON.stringify(v)}`); return this.str(v); }
        }
        return s;
      }
      const out = s.replace(/\$\{([^{}]+)\}/g, (all, inner) => {
        for (const alt of splitAlternatives(inner)) {
          const v = this.one(alt);
          if (v !== undefined && v !== null && typeof v !== 'object') { this.notes.push(`${all} -> ${JSON.stringify(v)}`); return String(v); }
        }
        return all;
      });
      return out !== s ? this.str(out) : s;
    } finally { this.depth--; }
  }

  deep(v) {
    if (typeof v === 'string') return this.str(v);
    if (Array.isArray(v)) return v.map((x) => this.deep(x));
    if (v && typeof v === 'object') { const o = {}; for (const [k, x] of Object.entries(v)) o[k] = this.deep(x); return o; }
    return v;
  }

  functionName(key) {
    const f = this.functions[key] || {};
    const n = typeof f.name === 'string' ? this.str(f.name) : null;
    return n && !n.includes('${') ? n : `${this.service}-${this.stage}-${key}`;
  }

  // a plausible value for Ref / Fn::GetAtt of a logical id
  refValue(logical, attr) {
    const r = this.region; const a = ACCOUNT;
    const fnKey = this.functions[logical] ? logical : this.logicalToFunction[logical];
    if (fnKey) return attr && attr !== 'Arn' ? `${this.functionName(fnKey)}-${attr}` : `arn:aws:lambda:${r}:${a}:function:${this.functionName(fnKey)}`;
    const res = this.resources[logical];
    const p = (res && res.Properties) || {};
    const nm = (k) => { const v = this.str(p[k]); return typeof v === 'string' && v && !v.includes('${') ? v : logical; };
    switch (res && res.Type) {
      case 'AWS::Lambda::Function': return attr ? `arn:aws:lambda:${r}:${a}:function:${nm('FunctionName')}` : nm('FunctionName');
      case 'AWS::SQS::Queue': return attr === 'Arn' ? `arn:aws:sqs:${r}:${a}:${nm('QueueName')}` : attr === 'QueueName' ? nm('QueueName') : `https://sqs.${r}.amazonaws.com/${a}/${nm('QueueName')}`;
      case 'AWS::SNS::Topic': return attr === 'TopicName' ? nm('TopicName') : `arn:aws:sns:${r}:${a}:${nm('TopicName')}`;
      case 'AWS::DynamoDB::Table': return attr ? `arn:aws:dynamodb:${r}:${a}:table/${nm('TableName')}` : nm('TableName');
      case 'AWS::S3::Bucket': return attr === 'Arn' ? `arn:aws:s3:::${nm('BucketName').toLowerCase()}` : nm('BucketName').toLowerCase();
      case 'AWS::StepFunctions::StateMachine': return attr === 'Name' ? nm('StateMachineName') : `arn:aws:states:${r}:${a}:stateMachine:${nm('StateMachineName')}`;
      case 'AWS::Logs::LogGroup': return attr === 'Arn' ? `arn:aws:logs:${r}:${a}:log-group:${nm('LogGroupName')}:*` : nm('LogGroupName');
      case 'AWS::Events::EventBus': return attr === 'Arn' ? `arn:aws:events:${r}:${a}:event-bus/${nm('Name')}` : nm('Name');
      default: return attr && attr !== 'Arn' ? `${logical}-${attr}` : `arn:aws:lambda:${r}:${a}:function:${logical}`;
    }
  }

  pseudo(name) {
    return { 'AWS::Region': this.region, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': `${this.service}-${this.stage}`, 'AWS::NoValue': '' }[name];
  }

  sub(s, vars = {}) {
    return String(s).replace(/\$\{([^}!]+)\}/g, (all, inner) => {
      if (inner in vars) return String(this.intrinsics(vars[inner]));
      const ps = this.pseudo(inner);
      if (ps !== undefined) return ps;
      const [l, ...attr] = inner.split('.');
      return String(this.refValue(l, attr.join('.') || undefined));
    });
  }

  intrinsics(v) {
    if (Array.isArray(v)) return v.map((x) => this.intrinsics(x));
    if (typeof v === 'string') {
      return v.replace(/#\{(AWS::[A-Za-z]+)\}/g, (all, n) => { const ps = this.pseudo(n); return ps === undefined ? all : ps; });
    }
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      const [k] = keys; const a = v[k];
      let out;
      if (k === 'Ref') out = this.pseudo(a) !== undefined ? this.pseudo(a) : this.refValue(String(a));
      else if (k === 'Fn::GetAtt') {
        const [l, ...attr] = Array.isArray(a) ? a.map((x) => this.intrinsics(x)) : String(a).split('.');
        out = this.refValue(String(l), attr.join('.') || 'Arn');
      } else if (k === 'Fn::Sub') out = Array.isArray(a) ? this.sub(a[0], a[1] || {}) : this.sub(a);
      else if (k === 'Fn::Join' && Array.isArray(a) && Array.isArray(a[1])) out = a[1].map((x) => this.intrinsics(x)).join(a[0]);
      else out = `arn:aws:lambda:${this.region}:${ACCOUNT}:function:placeholder`;
      this.notes.push(`${JSON.stringify(v)} -> ${JSON.stringify(out)}`);
      return out;
    }
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = this.intrinsics(x);
    return o;
  }

  fixResources(v) {
    if (Array.isArray(v)) return v.map((x) => this.fixResources(x));
    if (!v || typeof v !== 'object') return v;
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Resource' && typeof x === 'string' && /\$\{|#\{/.test(x)) {
        o[k] = `arn:aws:lambda:${this.region}:${ACCOUNT}:function:placeholder`;
        this.notes.push(`Resource ${JSON.stringify(x)} -> placeholder Lambda ARN (unresolved variable)`);
      } else o[k] = this.fixResources(x);
    }
    return o;
  }

  definition(def) { return this.fixResources(this.intrinsics(this.deep(def))); }
}

// ------------------------------------------------------------------ inputs
function collect(p, explicit, out, seenPaths = new Set()) {
  const abs = path.resolve(p);
  if (seenPaths.has(abs)) return;
  seenPaths.add(abs);
  let st;
  try { st = fs.statSync(p); } catch (e) { out.push({ file: p, error: `cannot read: ${e.code || e.message}` }); return; }
  if (st.isDirectory()) {
    const entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) collect(path.join(p, e.name), false, out, seenPaths); continue; }
      if (!/\.(json|ya?ml)$/i.test(e.name) || SIDECAR.test(e.name) || /^package(-lock)?\.json$/.test(e.name)) continue;
      collect(path.join(p, e.name), false, out, seenPaths);
    }
    return;
  }
  if (!/\.(json|ya?ml)$/i.test(p)) { if (explicit) out.push({ file: p, error: 'unsupported file type (want .json, .yml, .yaml or a directory)' }); return; }
  out.push({ file: p, explicit });
}

function readJsonSidecar(file) {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  try { return { text, value: JSON.parse(text) }; } catch (e) { throw new Error(`${file}: invalid JSON: ${e.message}`); }
}
// test cases for --run: STEM.input.json, STEM.expect.json, STEM.cases.json
function loadCases(stem, lambdaName = (k) => k) {
  const cases = [];
  const input = readJsonSidecar(`${stem}.input.json`);
  const expect = readJsonSidecar(`${stem}.expect.json`);
  const many = readJsonSidecar(`${stem}.cases.json`);
  if (input || expect || !many) {
    cases.push({ name: input || expect ? path.basename(stem) : 'default', input: input ? JSON.stringify(input.value) : '{}',
      expect: expect ? { output: expect.value } : null });
  }
  if (many) {
    if (!Array.isArray(many.value)) throw new Error(`${stem}.cases.json: must be a JSON array of cases`);
    many.value.forEach((c, i) => {
      if (!c || typeof c !== 'object') throw new Error(`${stem}.cases.json[${i}]: not an object`);
      const bad = Object.keys(c).filter((k) => !['name', 'input', 'expect', 'expectError', 'lambdas'].includes(k));
      if (bad.length) throw new Error(`${stem}.cases.json[${i}]: unknown field(s) ${bad.join(', ')}`);
      const ex = 'expectError' in c ? { error: c.expectError } : 'expect' in c ? { output: c.expect } : null;
      let lambdas = null;
      if (c.lambdas) {
        if (typeof c.lambdas !== 'object' || Array.isArray(c.lambdas)) throw new Error(`${stem}.cases.json[${i}]: lambdas must map function names to results`);
        lambdas = Object.fromEntries(Object.entries(c.lambdas).map(([k, v]) => [lambdaName(k), v]));
      }
      cases.push({ name: c.name || `case ${i + 1}`, input: JSON.stringify(c.input === undefined ? {} : c.input), expect: ex, lambdas });
    });
  }
  return cases;
}

function addDefinition(id, file, key, kind, def, resolver, stem) {
  const d = { id, file, key, kind, results: {}, notes: [] };
  defs.push(d);
  try {
    d.def = resolver.definition(def);
    d.notes = [...new Set(resolver.notes)];
    // in a serverless file, "lambdas" may name a function by its key under functions:
    if (opts.run) d.cases = loadCases(stem, (k) => (resolver.functions[k] ? resolver.functionName(k) : k));
  } catch (e) { delete d.def; set(d, 'extract', 'FAIL', [e.message]); }
}

function extract(file, explicit) {
  const ext = path.extname(file).toLowerCase();
  const stem = file.slice(0, file.length - ext.length);
  const fail = (msg) => { const d = { id: file, file, key: null, kind: ext === '.json' ? 'json' : 'yaml', results: {} }; set(d, 'extract', 'FAIL', [msg]); defs.push(d); };
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { fail(`cannot read: ${e.message}`); return; }
  if (ext === '.json') {
    let def;
    try { def = JSON.parse(text); } catch (e) { fail(`invalid JSON: ${e.message}`); return; }
    addDefinition(file, file, null, 'json', def, new Resolver({}), stem);
    return;
  }
  let doc;
  try { doc = loadYaml(text); } catch (e) { fail(`invalid YAML: ${e.message.split('\n')[0]}`); return; }
  const isObj = doc && typeof doc === 'object' && !Array.isArray(doc);
  if (isObj && doc.StartAt !== undefined && doc.States !== undefined && !doc.stepFunctions) {
    addDefinition(file, file, null, 'yaml', doc, new Resolver({}), stem);
    return;
  }
  if (!isObj || !(doc.stepFunctions || doc.provider || doc.service)) {
    if (explicit) fail('neither a serverless file (service/provider/stepFunctions) nor an ASL definition (StartAt/States)');
    return;
  }
  files.push({ id: file, file, doc, results: {} });
  const r0 = new Resolver(doc);
  const sms = doc.stepFunctions && r0.str(doc.stepFunctions.stateMachines);
  if (doc.stepFunctions && (!sms || typeof sms !== 'object')) { fail('stepFunctions.stateMachines is missing or not resolvable offline'); return; }
  for (const [key, sm0] of Object.entries(sms || {})) {
    const id = `${file}#${key}`;
    const sm = r0.str(sm0);
    let def = sm && r0.str(sm.definition);
    if (typeof def === 'string') { try { def = JSON.parse(def); } catch (e) { /* reported below */ } }
    if (!def || typeof def !== 'object') {
      const d = { id, file, key, kind: 'serverless', results: {} };
      set(d, 'extract', 'FAIL', [`definition missing or not resolvable offline: ${JSON.stringify(sm && sm.definition).slice(0, 160)}`]);
      defs.push(d);
      continue;
    }
    addDefinition(id, file, key, 'serverless', def, new Resolver(doc), `${stem}.${key}`);
  }
}

// ------------------------------------------------------------------ helpers on definitions
function walk(node, fn) {
  if (Array.isArray(node)) node.forEach((x) => walk(x, fn));
  else if (node && typeof node === 'object') { fn(node); Object.values(node).forEach((x) => walk(x, fn)); }
}
// every state object, with its name, in all nested state machines
function allStates(def) {
  const out = [];
  const visit = (sm) => {
    if (!sm || typeof sm !== 'object' || !sm.States || typeof sm.States !== 'object') return;
    for (const [name, st] of Object.entries(sm.States)) {
      if (!st || typeof st !== 'object') continue;
      out.push({ name, st });
      (Array.isArray(st.Branches) ? st.Branches : []).forEach(visit);
      visit(st.Iterator); visit(st.ItemProcessor);
    }
  };
  visit(def);
  return out;
}
function modernFeatures(def) {
  const f = new Set();
  walk(def, (n) => {
    if (n.QueryLanguage === 'JSONata') f.add('JSONata');
    if ('Assign' in n) f.add('Assign (variables)');
  });
  return [...f];
}

// asl-validator 4.0.0 and statelint 1.30 find transitions and nested machines with
// recursive JSONPath/tree searches ($..Next, $..States, $..Branches, ...) that also descend
// into payloads and match state names: a Pass Result {"Next": "page2"}, a Parameters key
// "Default", or a state named "Branches" give false errors or exceptions.  Unless --strict,
// those two get a copy where such payload keys (also as "Key.$") and such state names
// (with every reference to them) carry the suffix MARK, which is removed from messages.
const COLLIDING = new Set(['Next', 'Default', 'StartAt', 'States', 'Branches', 'Iterator']);
const PAYLOAD_FIELDS = ['Result', 'Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Output', 'Assign', 'Credentials'];
const MARK = '_rn_';
const unmark = (m) => String(m).split(MARK).join('');
function sanitizeForSearchBugs(def) {
  if (opts.strict) return { def, renamed: [] };
  const renamed = new Set();
  const payload = (v) => {
    if (Array.isArray(v)) return v.map(payload);
    if (!v || typeof v !== 'object') return v;
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      const base = k.endsWith('.$') ? k.slice(0, -2) : k;
      const nk = COLLIDING.has(base) ? `${base}${MARK}${k.slice(base.length)}` : k;
      if (nk !== k) renamed.add(`payload key ${k}`);
      o[nk] = payload(x);
    }
    return o;
  };
  const machine = (sm) => {
    if (!sm || typeof sm !== 'object' || !sm.States || typeof sm.States !== 'object' || Array.isArray(sm.States)) return sm;
    const ren = (n) => (typeof n === 'string' && COLLIDING.has(n) && n in sm.States ? n + MARK : n);
    const out = { ...sm, StartAt: ren(sm.StartAt), States: {} };
    for (const [name, st0] of Object.entries(sm.States)) {
      if (ren(name) !== name) renamed.add(`state ${name}`);
      if (!st0 || typeof st0 !== 'object' || Array.isArray(st0)) { out.States[ren(name)] = st0; continue; }
      const st = { ...st0 };
      if ('Next' in st) st.Next = ren(st.Next);
      if ('Default' in st) st.Default = ren(st.Default);
      for (const f of ['Choices', 'Catch']) if (Array.isArray(st[f])) st[f] = st[f].map((r) => (r && typeof r === 'object' && 'Next' in r ? { ...r, Next: ren(r.Next) } : r));
      for (const f of PAYLOAD_FIELDS) if (f in st) st[f] = payload(st[f]);
      for (const f of ['ItemReader', 'ResultWriter']) {
        if (st[f] && typeof st[f] === 'object') { st[f] = { ...st[f] }; for (const g of ['Parameters', 'Arguments']) if (g in st[f]) st[f][g] = payload(st[f][g]); }
      }
      if (st.ItemBatcher && typeof st.ItemBatcher === 'object' && 'BatchInput' in st.ItemBatcher) st.ItemBatcher = { ...st.ItemBatcher, BatchInput: payload(st.ItemBatcher.BatchInput) };
      if (Array.isArray(st.Branches)) st.Branches = st.Branches.map(machine);
      if (st.Iterator) st.Iterator = machine(st.Iterator);
      if (st.ItemProcessor) st.ItemProcessor = machine(st.ItemProcessor);
      out.States[ren(name)] = st;
    }
    return out;
  };
  const out = machine(def);
  return { def: out, renamed: [...renamed] };
}

// ------------------------------------------------------------------ asl-validator
// asl-validator 4.0.0 builds and compiles a new Ajv instance on every call (about 80 ms).
// For the duration of each call, Ajv's constructor is swapped for one that hands back the
// first, already compiled instance (with its setup calls made no-ops): about 2 ms per
// definition, identical verdicts (selftest.sh compares both).  CONFORMANCE_NO_AJV_CACHE=1
// turns this off.
function makeAslValidator() {
  const validate = requireTool('asl-validator');
  if (process.env.CONFORMANCE_NO_AJV_CACHE) return validate;
  const ajvMod = require(require.resolve('ajv', { paths: [path.dirname(hreq.resolve('asl-validator'))] }));
  const RealAjv = ajvMod.default;
  const setup = new Set(['addKeyword', 'addFormat', 'addVocabulary', 'addSchema', 'addMetaSchema']);
  let cached = null;
  function CachedAjv(o) {
    if (cached) return cached.proxy;
    const real = new RealAjv(o);
    cached = { proxy: new Proxy(real, { get: (t, p) => (setup.has(p) ? function noop() { return this; } : Reflect.get(t, p)) }) };
    return real;
  }
  return (def) => {
    ajvMod.default = CachedAjv;
    try { return validate(def); } finally { ajvMod.default = RealAjv; }
  };
}
async function runAslValidator(items) {
  const validate = makeAslValidator();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    try {
      const san = sanitizeForSearchBugs(it.def);
      const extra = san.renamed.length ? { renamed: san.renamed } : {};
      const r = validate(clone(san.def)); // it mutates its input (adds QueryLanguage to every state)
      if (r.isValid) set(it, 'asl-validator', 'PASS', [], extra);
      else set(it, 'asl-validator', 'FAIL', [...new Set(r.errors.map((e) => unmark(`${e['Error code']}: ${e.Message}`)))], extra);
    } catch (e) { set(it, 'asl-validator', 'FAIL', [`exception: ${e.message}`]); }
    if (i % 25 === 24) await yieldToLoop();
  }
}

// ------------------------------------------------------------------ statelint
// Distributed Map fields (2022/2023) that @wmfs/statelint 1.30 does not know.
const DISTRIBUTED_MAP_FIELDS = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'Label', 'MaxConcurrencyPath',
  'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'ToleratedFailureCount', 'ToleratedFailureCountPath'];
function statelintFalsePositive(msg, def) {
  if (/\.Seconds is "0", but allowed floor is 0$/.test(msg)) return 'Wait Seconds: 0 (awslabs/statelint#16)';
  // its JSONPath grammar lacks bracket-quoted names ($['a b']) and filters ($.a[?(@.b > 1)])
  const jp = /^Field "(.+\.\$)" of \w+ at ".*" is not a JSONPath or intrinsic function expression$/.exec(msg);
  if (jp) {
    const values = [];
    walk(def, (n) => { if (typeof n[jp[1]] === 'string') values.push(n[jp[1]]); });
    if (values.length && values.every((v) => /^\$\$?[.[]/.test(v) && /\[\s*['"]|\[\?\(/.test(v))) return 'JSONPath with [\'name\'] or [?(filter)]';
  }
  const m = /^Field "(\w+)" not allowed in State Machine\.(?:.*\.)?States\.(.+)$/.exec(msg);
  if (m && DISTRIBUTED_MAP_FIELDS.includes(m[1])
      && allStates(def).some(({ name, st }) => name === m[2] && st.Type === 'Map' && m[1] in st)) {
    return `Map field ${m[1]} unknown to statelint 1.30`;
  }
  return null;
}
async function runStatelint(items) {
  const factory = requireTool('@wmfs/statelint');
  let linter = null;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const modern = modernFeatures(it.def);
    if (modern.length && !opts.strict) { set(it, 'statelint', 'SKIP', [`uses ${modern.join(', ')}: statelint 1.30 predates it`]); continue; }
    try {
      linter = linter || factory();
      const san = sanitizeForSearchBugs(it.def);
      const problems = linter.validate(clone(san.def));
      const keep = []; const filtered = [];
      for (const p of problems) { const why = opts.strict ? null : statelintFalsePositive(p, san.def); if (why) filtered.push(`${unmark(p)} [${why}]`); else keep.push(unmark(p)); }
      set(it, 'statelint', keep.length ? 'FAIL' : 'PASS', keep, { ...(filtered.length ? { filtered } : {}), ...(san.renamed.length ? { renamed: san.renamed } : {}) });
    } catch (e) { set(it, 'statelint', 'FAIL', [`exception: ${e.message}`]); linter = null; }
    if (i % 25 === 24) await yieldToLoop();
  }
}

// ------------------------------------------------------------------ amazon-states-language-service
function jsonPointer(node) {
  const parts = [];
  for (let n = node; n && n.parent; n = n.parent) {
    const p = n.parent;
    if (p.type === 'property') parts.unshift(p.keyNode.value);
    else if (p.type === 'array') parts.unshift(String(p.items.indexOf(n)));
  }
  return '/' + parts.join('/');
}
async function runAslLs(items) {
  const mod = requireTool('amazon-states-language-service');
  const ls = mod.getLanguageService({});
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    try {
      const doc = mod.TextDocument.create(`file:///definition${i}.asl.json`, 'json', 0, JSON.stringify(it.def, null, 2));
      const jd = ls.parseJSONDocument(doc);
      const diags = await ls.doValidation(doc, jd);
      const keep = []; const filtered = []; const warnings = [];
      for (const d of diags) {
        const node = jd.getNodeFromOffset(doc.offsetAt(d.range.start), true);
        const where = node ? jsonPointer(node) : '';
        const msg = `${where}: ${d.message}`;
        // "Comment": "" is valid ASL (any string), but the service's schema says minLength 1
        if (!opts.strict && /\/Comment$/.test(where) && /shorter than the minimum length of 1/.test(d.message)) filtered.push(`${msg} [empty Comment]`);
        else if (d.severity > 1) warnings.push(`warning ${msg}`);
        else keep.push(msg);
      }
      set(it, 'asl-ls', keep.length ? 'FAIL' : 'PASS', [...keep, ...warnings], filtered.length ? { filtered } : {});
    } catch (e) { set(it, 'asl-ls', 'FAIL', [`exception: ${e.message}`]); }
  }
}

// ------------------------------------------------------------------ child processes
function runProcess(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = ''; let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    let timer = null;
    if (options.timeoutMs) timer = setTimeout(() => p.kill('SIGKILL'), options.timeoutMs);
    p.on('error', (e) => { clearTimeout(timer); resolve({ status: null, error: e, stdout, stderr }); });
    p.on('close', (status, signal) => { clearTimeout(timer); resolve({ status, signal, stdout, stderr }); });
  });
}

// ------------------------------------------------------------------ cfn-lint
// cfn-lint 1.58's Succeed schema allows only Comment/Output/Type, but ASL gives Succeed
// InputPath/OutputPath and (2024) QueryLanguage too.  Matches are dropped unless --strict.
// Its Parallel schema also lacks Parameters, which ASL allows on Pass, Task, Map and Parallel.
// It also types TimeoutSeconds, HeartbeatSeconds, Seconds, MaxConcurrency, ... as numbers
// only, where a JSONata state may give a `{% %}` expression instead (AWS developer guide,
// "Transforming data with JSONata"; the CDK's `Timeout.jsonata(...)` writes one).
function cfnFalsePositive(m, def, defPath) {
  if (opts.strict || m.Rule.Id !== 'E3601') return null;
  if (/^'\{%.*%\}' is not of type '(number|integer)'/.test(m.Message)) return 'JSONata number field';
  const f = /\('(\w+)' was unexpected\)/.exec(m.Message);
  if (!f) return null;
  let node = def;
  for (const k of defPath.slice(0, -1)) { if (node == null) return null; node = node[k]; }
  if (!node || typeof node !== 'object') return null;
  if (node.Type === 'Succeed' && ['QueryLanguage', 'InputPath', 'OutputPath'].includes(f[1])) return `Succeed ${f[1]}`;
  if (node.Type === 'Parallel' && f[1] === 'Parameters') return 'Parallel Parameters';
  return null;
}
async function cfnLint(fileList, extraArgs = []) {
  const p = await runProcess(path.join(VENV_BIN, 'cfn-lint'), ['--format', 'json', ...extraArgs, '--', ...fileList],
    { timeoutMs: 30 * 60 * 1000, env: { ...process.env, PYTHONHASHSEED: '0' } });
  if (p.error) throw p.error;
  try { return JSON.parse(p.stdout || '[]'); } catch (e) {
    throw new Error(`cfn-lint rc=${p.status}: ${(p.stderr || p.stdout || '').trim().slice(0, 500)}`);
  }
}
const fmtCfn = (m, from) => {
  const p = (m.Location && m.Location.Path) || [];
  return `${m.Rule.Id} /${p.slice(from).join('/')}: ${m.Message.replace(/ at '[^']*'$/, '')}`;
};
async function runCfnLint(items, tmp) {
  if (!items.length) return;
  const dir = fs.mkdtempSync(path.join(tmp, 'cfn-'));
  // definitions are packed into templates of at most 50 resources / ~800 kB (cfn-lint's
  // template size and resource count rules would fire otherwise)
  const where = new Map(); // `${file}\0${logical}` -> item
  const tplFiles = [];
  let tpl = null; let size = 0; let n = 0;
  const flush = () => {
    if (!tpl) return;
    const f = path.join(dir, `defs${tplFiles.length}.json`);
    fs.writeFileSync(f, JSON.stringify(tpl));
    tplFiles.push(f); tpl = null; size = 0;
  };
  for (const it of items) {
    const body = JSON.stringify(it.def);
    if (tpl && (Object.keys(tpl.Resources).length >= 50 || size + body.length > 800000)) flush();
    if (!tpl) tpl = { AWSTemplateFormatVersion: '2010-09-09', Resources: {} };
    const logical = `Definition${n++}`;
    // Definition, not DefinitionString: the latter is ~45% faster, but cfn-lint 1.58 then
    // misses "required property" errors and crashes (E1101) on errors inside arrays
    tpl.Resources[logical] = { Type: 'AWS::StepFunctions::StateMachine',
      Properties: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/conformance`, Definition: it.def } };
    size += body.length;
    where.set(`${path.join(dir, `defs${tplFiles.length}.json`)}\0${logical}`, it);
  }
  flush();
  // one cfn-lint process for everything, or --cfn-lint-procs N processes side by side
  const groups = Array.from({ length: Math.min(opts.cfnLintProcs, tplFiles.length) }, () => []);
  tplFiles.forEach((f, i) => groups[i % groups.length].push(f));
  let matches;
  try { matches = (await Promise.all(groups.map((g) => cfnLint(g)))).flat(); } catch (e) { items.forEach((it) => set(it, 'cfn-lint', 'FAIL', [e.message])); return; }
  const per = new Map(items.map((it) => [it, { errs: [], other: [], filtered: [] }]));
  for (const m of matches) {
    const p = (m.Location && m.Location.Path) || [];
    const it = where.get(`${path.resolve(m.Filename)}\0${p[1]}`) || where.get(`${m.Filename}\0${p[1]}`);
    if (!it) { items.forEach((x) => per.get(x).errs.push(`unattributed: ${m.Rule.Id} ${m.Message}`)); continue; }
    const k = p.indexOf('Definition');
    const r = per.get(it);
    const why = k >= 0 ? cfnFalsePositive(m, it.def, p.slice(k + 1)) : null;
    if (why) r.filtered.push(`${fmtCfn(m, k + 1)} [${why}]`);
    else if (m.Level === 'Error') r.errs.push(fmtCfn(m, k + 1));
    else r.other.push(`${m.Level.toLowerCase()} ${fmtCfn(m, k + 1)}`);
  }
  // sorted: cfn-lint's order depends on python's hash seed
  for (const [it, r] of per) set(it, 'cfn-lint', r.errs.length ? 'FAIL' : 'PASS', [...r.errs.sort(), ...r.other.sort()], r.filtered.length ? { filtered: r.filtered.sort() } : {});
}

// ------------------------------------------------------------------ moto
// moto 5.2.5's parser (LocalStack's grammar) lacks some Distributed Map syntax: the copy
// given to moto gets ExecutionType STANDARD instead of EXPRESS and loses ItemBatcher and
// ToleratedFailurePercentage (moto cannot run a Distributed Map anyway).
function motoCopy(def) {
  const d = clone(def); const notes = [];
  if (opts.strict) return { def: d, notes };
  for (const { name, st } of allStates(d)) {
    if (st.Type !== 'Map') continue;
    const pc = st.ItemProcessor && st.ItemProcessor.ProcessorConfig;
    if (pc && pc.ExecutionType === 'EXPRESS') { pc.ExecutionType = 'STANDARD'; notes.push(`${name}: ExecutionType EXPRESS given to moto as STANDARD`); }
    for (const f of ['ItemBatcher', 'ToleratedFailurePercentage']) if (f in st) { delete st[f]; notes.push(`${name}: ${f} not given to moto (its parser lacks it)`); }
  }
  return { def: d, notes };
}
async function runMoto(items, tmp) {
  if (!items.length) return;
  const doRun = wanted('moto-run');
  const reqItems = items.map((it) => {
    const mc = motoCopy(it.def);
    it.motoNotes = mc.notes;
    const modern = modernFeatures(it.def);
    const s3Map = allStates(it.def).find(({ st }) => st.Type === 'Map' && (st.ItemReader || st.ResultWriter));
    const callback = allStates(it.def).find(({ st }) => typeof st.Resource === 'string' && st.Resource.endsWith('.waitForTaskToken'));
    it.runSkip = !doRun ? null
      : modern.length ? `uses ${modern.join(', ')}: moto 5.2.5 cannot evaluate it (its JSONata bridge is a stub)`
        : s3Map ? `Map ${s3Map.name} reads or writes S3 (ItemReader/ResultWriter): not run in moto`
          : callback ? `${callback.name} waits for a task token (.waitForTaskToken): nothing calls back in moto` : null;
    const run = doRun && !it.runSkip;
    return { id: it.id, definition: mc.def,
      cases: run ? it.cases.map((c) => ({ name: c.name, input: c.input, lambdas: c.lambdas })) : null };
  });
  const reqFile = path.join(tmp, 'moto-request.json');
  const resFile = path.join(tmp, 'moto-result.json');
  fs.writeFileSync(reqFile, JSON.stringify({ timeout: opts.runTimeout, parallel: 16, items: reqItems }));
  const nCases = reqItems.reduce((s, x) => s + (x.cases ? x.cases.length : 0), 0);
  const p = await runProcess(PYTHON, [path.join(HERE, 'moto_helper.py'), reqFile, resFile],
    { timeoutMs: (120 + items.length * 2 + nCases * (opts.runTimeout + 1)) * 1000 });
  let out;
  try {
    const res = JSON.parse(fs.readFileSync(resFile, 'utf8'));
    out = res.items;
    timings['moto parse'] = res.parse_seconds;
    if (doRun) timings['moto run'] = res.run_seconds;
  } catch (e) {
    const msg = `moto helper failed (rc=${p.status}${p.signal ? ' ' + p.signal : ''}): ${(p.stderr || '').trim().split('\n').slice(-3).join(' ')}`;
    items.forEach((it) => { if (wanted('moto-parse')) set(it, 'moto-parse', 'FAIL', [msg]); if (doRun) set(it, 'moto-run', 'FAIL', [msg]); });
    return;
  }
  out.forEach((o, i) => {
    const it = items[i];
    if (wanted('moto-parse')) set(it, 'moto-parse', o.parse.ok ? 'PASS' : 'FAIL', [...o.parse.messages, ...it.motoNotes]);
    if (!doRun) return;
    if (!o.parse.ok) { set(it, 'moto-run', 'SKIP', ['not created (moto-parse failed)']); return; }
    if (it.runSkip) { set(it, 'moto-run', 'SKIP', [it.runSkip]); return; }
    const msgs = []; let failed = false; const caseResults = [];
    o.cases.forEach((c, k) => {
      const want = it.cases[k].expect;
      let output = null;
      try { output = c.output == null ? null : JSON.parse(c.output); } catch (e) { output = c.output; }
      let ok; let why;
      if (want && 'error' in want) {
        ok = c.status === 'FAILED' && c.error === want.error;
        why = ok ? `FAILED with ${c.error} as expected` : `expected FAILED with ${want.error}, got ${c.status}${c.error ? ' ' + c.error : ''}${c.cause ? ' (' + c.cause + ')' : ''}`;
      } else if (c.status !== 'SUCCEEDED') {
        ok = false; why = `${c.status}${c.error ? ' error=' + c.error : ''}${c.cause ? ' cause=' + c.cause : ''}`;
      } else if (want) {
        ok = isDeepStrictEqual(output, want.output);
        why = ok ? 'output as expected' : `output ${JSON.stringify(output).slice(0, 400)} differs from expected ${JSON.stringify(want.output).slice(0, 400)}`;
      } else { ok = true; why = `SUCCEEDED output=${JSON.stringify(output).slice(0, 200)}`; }
      if (!ok) failed = true;
      const tag = o.cases.length > 1 ? `[${it.cases[k].name}] ${ok ? '' : 'FAIL '}` : '';
      msgs.push(`${tag}${why}`, ...c.notes);
      caseResults.push({ name: it.cases[k].name, status: c.status, ok, output, error: c.error, cause: c.cause, seconds: c.seconds });
    });
    set(it, 'moto-run', failed ? 'FAIL' : 'PASS', [...new Set(msgs)], { cases: caseResults });
  });
}

// ------------------------------------------------------------------ serverless package
// handler -> [file to create, its content].  Python: module is everything before the
// last dot (a.b.fn -> a/b.py).  Node.js and Ruby: the file is the part of the last path
// segment before its first dot (src/app.handler -> src/app.js), the rest names the export.
const RUNTIMES = [
  [/^python/, (h) => {
    const dot = h.lastIndexOf('.');
    if (dot <= 0) return null;
    const fn = h.slice(dot + 1);
    return [`${h.slice(0, dot).replace(/\./g, '/')}.py`, `def ${fn}(event, context):\n    return event\n`, fn];
  }],
  [/^nodejs/, (h) => {
    const slash = h.lastIndexOf('/'); const dot = h.indexOf('.', slash + 1);
    if (dot <= slash + 1) return null;
    const parts = h.slice(dot + 1).split('.');
    const value = parts.slice(1).reduceRight((acc, k) => `{ ${JSON.stringify(k)}: ${acc} }`, 'async (event) => event');
    return [`${h.slice(0, dot)}.js`, `exports[${JSON.stringify(parts[0])}] = ${value};\n`, parts[0]];
  }],
  [/^ruby/, (h) => {
    const slash = h.lastIndexOf('/'); const dot = h.indexOf('.', slash + 1);
    if (dot <= slash + 1 || h.slice(dot + 1).includes('::')) return null;
    const fn = h.slice(dot + 1);
    return [`${h.slice(0, dot)}.rb`, `def ${fn}(event:, context:)\n  event\nend\n`, fn];
  }],
];
// smallest valid zip file: an empty end-of-central-directory record
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

function stubFunctions(doc, r, work) {
  const notes = [];
  const provider = doc.provider || {};
  const artifact = (pkg, who) => {
    const a = pkg && typeof pkg.artifact === 'string' ? r.str(pkg.artifact) : null;
    if (!a || a.includes('${') || /^s3:|^https?:/.test(a)) return false;
    const f = path.resolve(work, a);
    if (!fs.existsSync(f)) { fs.mkdirSync(path.dirname(f), { recursive: true }); fs.writeFileSync(f, EMPTY_ZIP); notes.push(`stubbed artifact ${a} (${who})`); }
    return true;
  };
  const serviceArtifact = artifact(doc.package, 'package');
  for (const [key, fnRaw] of Object.entries(doc.functions && typeof doc.functions === 'object' ? doc.functions : {})) {
    const fn = fnRaw || {};
    if (fn.image || artifact(fn.package, key) || (serviceArtifact && !(fn.package && fn.package.individually))) continue;
    const handler = typeof fn.handler === 'string' ? String(r.str(fn.handler)) : null;
    const runtime = String(r.str(fn.runtime || provider.runtime || 'nodejs18.x'));
    if (!handler || handler.includes('${')) continue;
    if (/^provided/.test(runtime)) {
      const f = path.join(work, 'bootstrap');
      if (!fs.existsSync(f)) { fs.writeFileSync(f, '#!/bin/sh\n', { mode: 0o755 }); notes.push(`stubbed bootstrap (${key})`); }
      continue;
    }
    const kind = RUNTIMES.find(([re]) => re.test(runtime));
    const stub = kind && kind[1](handler.replace(/^\.\//, ''));
    if (!stub) { notes.push(`${key}: no stub for runtime ${runtime} / handler ${handler}`); continue; }
    const [rel, content, fnName] = stub;
    const f = path.resolve(work, rel);
    if (!f.startsWith(work + path.sep)) { notes.push(`${key}: handler outside the service directory: ${handler}`); continue; }
    const base = f.slice(0, -path.extname(f).length);
    if (/^nodejs/.test(runtime) && ['.js', '.mjs', '.cjs', '.ts'].some((x) => fs.existsSync(base + x))) continue;
    if (!fs.existsSync(f)) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, content);
      notes.push(`stubbed handler ${rel}:${fnName}`);
    } else if (/^python/.test(runtime) && !new RegExp(`^(async\\s+)?def\\s+${fnName}\\b|^${fnName}\\s*=`, 'm').test(fs.readFileSync(f, 'utf8'))) {
      fs.appendFileSync(f, `\n\n${content}`);
      notes.push(`added ${fnName} to ${rel}`);
    }
  }
  return notes;
}

function stubPlugin(work, name) {
  const d = path.join(work, 'node_modules', ...name.split('/'));
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name, version: '0.0.0-conformance-stub', main: 'index.js' }));
  fs.writeFileSync(path.join(d, 'index.js'), 'module.exports = class ConformanceStubPlugin { constructor() { this.hooks = {}; } };\n');
}

// serverless 3.40's schema lists runtimes up to python3.11 / nodejs20.x / ruby3.2 / java21 /
// dotnet6; newer ones that Lambda supports draw a config warning that is not a problem.
const NEWER_RUNTIMES = /^(python3\.1[2-9]|nodejs(2[2-9]|[3-9]\d)\.x|ruby3\.[3-9]|java2[5-9]|dotnet[89]|dotnet1\d)$/;
function configWarnings(outText, doc, r) {
  const i = outText.indexOf('Invalid configuration encountered');
  if (i < 0) return { keep: [], filtered: [] };
  const lines = outText.slice(i).split('\n').slice(1);
  const msgs = [];
  for (const l of lines) { if (!/^\s+at '/.test(l) && !/^\s{4,}\S/.test(l)) break; msgs.push(l.trim()); }
  const keep = []; const filtered = [];
  for (const m of msgs) {
    const at = /^at '([^']+)': must be equal to one of the allowed values/.exec(m);
    const value = at ? getPath(doc, at[1].replace(/\//g, '.')) : undefined;
    if (!opts.strict && at && /(^|\.)runtime$/.test(at[1]) && typeof value === 'string' && NEWER_RUNTIMES.test(String(r.str(value)))) {
      filtered.push(`config warning at '${at[1]}': ${r.str(value)} is missing from serverless 3.40's runtime list [newer Lambda runtime]`);
    } else keep.push(`config warning: ${m}`);
  }
  return { keep, filtered };
}

const packaged = {}; // validator -> [{f, template}]
async function packageOne(f, tmp, fw) {
  const t0 = Date.now();
  const srcDir = path.dirname(path.resolve(f.file));
  const work = fs.mkdtempSync(path.join(tmp, 'sls-'));
  const notes = [];
  // copy the service directory without heavy or generated folders; a large directory
  // (a repository root) is not copied, only the file itself
  let count = 0;
  const countEntries = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { if (++count > 3000) return; if (e.isDirectory() && !SKIP_DIRS.has(e.name)) countEntries(path.join(d, e.name)); if (count > 3000) return; } };
  countEntries(srcDir);
  if (count <= 3000) fs.cpSync(srcDir, work, { recursive: true, filter: (s) => !SKIP_DIRS.has(path.basename(s)) || s === srcDir });
  else { fs.copyFileSync(path.resolve(f.file), path.join(work, path.basename(f.file))); notes.push('directory too large: copied only the file'); }
  const cfg = path.join(work, path.basename(f.file));
  const r = new Resolver(f.doc);
  // ${aws:accountId} would call STS; ${ssm:} ${cf:} ${s3:} would call AWS
  let text = fs.readFileSync(cfg, 'utf8');
  const nAcc = (text.match(/\$\{\s*aws:accountId\s*\}/g) || []).length;
  text = text.replace(/\$\{\s*aws:accountId\s*\}/g, ACCOUNT);
  const remote = /\$\{\s*(ssm|cf|s3)(\([^)]*\))?:[^{}]*\}/g;
  const nRemote = (text.match(remote) || []).length;
  text = text.replace(remote, `arn:aws:lambda:${r.region}:${ACCOUNT}:function:conformance-dummy`);
  fs.writeFileSync(cfg, text);
  if (nAcc) notes.push(`replaced ${nAcc}x \${aws:accountId}`);
  if (nRemote) notes.push(`replaced ${nRemote} \${ssm:/cf:/s3:} variable(s) with a dummy ARN`);
  let plugins = f.doc.plugins;
  if (plugins && !Array.isArray(plugins)) plugins = plugins.modules || [];
  const stubbed = (plugins || []).filter((p) => typeof p === 'string' && !/^\.\.?\//.test(p) && p !== 'serverless-step-functions');
  stubbed.forEach((p) => stubPlugin(work, p));
  if (stubbed.length) notes.push(`stubbed plugins: ${stubbed.join(', ')}`);
  notes.push(...stubFunctions(f.doc, r, work));
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIACONFORMANCEDUMMY', AWS_SECRET_ACCESS_KEY: 'conformance-dummy-secret-0000000000000000',
    AWS_REGION: r.region, AWS_DEFAULT_REGION: r.region, SLS_TELEMETRY_DISABLED: '1', SLS_TRACKING_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off', SLS_AWS_REQUEST_MAX_RETRIES: '0', AWS_CLIENT_TIMEOUT: '5000', SLS_DEPRECATION_DISABLE: '*',
    SLS_INTERACTIVE_SETUP_DISABLE: '1', CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', HOME: work };
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'SERVERLESS_ACCESS_KEY']) delete env[k];
  const args = [hreq.resolve(fw.bin), 'package', '--config', path.basename(f.file)];
  if (opts.stage) args.push('--stage', opts.stage);
  const p = await runProcess(process.execPath, args, { cwd: work, env, timeoutMs: 180000 });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const outText = `${p.stdout || ''}\n${p.stderr || ''}`.replace(/\x1b\[[0-9;]*m/g, '');
  const cw = configWarnings(outText, f.doc, r);
  const extra = cw.filtered.length ? { filtered: cw.filtered } : {};
  if (p.status !== 0) {
    const k = outText.lastIndexOf('Error:');
    let err = (k >= 0 ? outText.slice(k + 6) : outText).split('\n').map((l) => l.trim()).filter(Boolean);
    const envLine = err.findIndex((l) => /^Environment: /.test(l));
    if (envLine > 0) err = err.slice(0, envLine);
    set(f, fw.validator, 'FAIL', [`${fw.name} package failed (${secs}s, rc=${p.status}${p.signal ? ' ' + p.signal : ''})`, ...err.slice(0, 10), ...cw.keep, ...notes], extra);
    return;
  }
  const template = path.join(work, '.serverless', 'cloudformation-template-update-stack.json');
  if (!fs.existsSync(template)) { set(f, fw.validator, 'FAIL', ['no .serverless/cloudformation-template-update-stack.json', ...notes]); return; }
  set(f, fw.validator, cw.keep.length ? 'FAIL' : 'PASS', [`packaged in ${secs}s`, ...cw.keep, ...notes], extra);
  (packaged[fw.validator] = packaged[fw.validator] || []).push({ f, template });
}

async function runPackage(tmp, fw) {
  const queue = [...files];
  const worker = async () => { while (queue.length) { const f = queue.shift(); try { await packageOne(f, tmp, fw); } catch (e) { set(f, fw.validator, 'FAIL', [`exception: ${e.message}`]); } } };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, queue.length) }, worker));
  if (!wanted(fw.lint)) return;
  const done = packaged[fw.validator] || [];
  for (const f of files) if (!done.some((x) => x.f === f)) set(f, fw.lint, 'SKIP', ['not packaged']);
  if (!done.length) return;
  let matches;
  // W3005: the plugin always emits a DependsOn on the role that a GetAtt already implies
  try { matches = await cfnLint(done.map((x) => x.template), ['--ignore-checks', 'W3005']); } catch (e) {
    done.forEach(({ f }) => set(f, fw.lint, 'FAIL', [e.message])); return;
  }
  for (const { f, template } of done) {
    let tplObj = null;
    try { tplObj = JSON.parse(fs.readFileSync(template, 'utf8')); } catch (e) { /* keep all */ }
    const errs = []; const other = []; const filtered = [];
    for (const m of matches.filter((x) => path.resolve(x.Filename) === path.resolve(template))) {
      const p = (m.Location && m.Location.Path) || [];
      const k = p.indexOf('DefinitionString');
      let def = null;
      if (tplObj && k >= 2) { try { def = JSON.parse(tplObj.Resources[p[1]].Properties.DefinitionString); } catch (e) { def = null; } }
      const line = `${m.Rule.Id} /${p.join('/')}: ${m.Message.replace(/ at '[^']*'$/, '')}`;
      const why = def ? cfnFalsePositive(m, def, p.slice(k + 1)) : null;
      if (why) filtered.push(`${line} [${why}]`);
      else if (m.Level === 'Error') errs.push(line);
      else other.push(`${m.Level.toLowerCase()} ${line}`);
    }
    set(f, fw.lint, errs.length ? 'FAIL' : 'PASS', [...errs.sort(), ...other.sort()], filtered.length ? { filtered: filtered.sort() } : {});
  }
}

// ------------------------------------------------------------------ the plugin's schema
// Every machine entry against the plugin's own Joi schemas, as its compile
// step applies them (allowUnknown: false), with the alarms' and the
// notifications' schemas on those settings: a key the plugin would refuse
// fails here on its own, before packaging.
function runPluginSchema() {
  const dir = 'serverless-step-functions/lib/deploy/stepFunctions/';
  const machine = requireTool(`${dir}compileStateMachines.schema.js`);
  const alarms = requireTool(`${dir}compileAlarms.schema.js`);
  const notifications = requireTool(`${dir}compileNotifications.schema.js`);
  for (const f of files) {
    const sms = (f.doc.stepFunctions && f.doc.stepFunctions.stateMachines) || {};
    const errors = [];
    let n = 0;
    for (const [key, sm] of Object.entries(sms)) {
      n += 1;
      const check = (schema, value, what) => {
        const { error } = schema.validate(value, { allowUnknown: false });
        if (error) errors.push(`${key}${what}: ${error.message}`);
      };
      check(machine, sm, '');
      if (sm && sm.alarms) check(alarms, sm.alarms, '.alarms');
      if (sm && sm.notifications) check(notifications, sm.notifications, '.notifications');
    }
    set(f, 'plugin-schema', errors.length ? 'FAIL' : 'PASS', errors.length ? errors : [`${n} machine entr${n === 1 ? 'y' : 'ies'}`]);
  }
}

// ------------------------------------------------------------------ main
function versions() {
  const v = {};
  for (const n of ['asl-validator', '@wmfs/statelint', 'amazon-states-language-service', 'serverless', 'osls3', 'osls4', 'serverless-step-functions']) {
    try { v[n] = JSON.parse(fs.readFileSync(hreq.resolve(`${n}/package.json`), 'utf8')).version; } catch (e) { v[n] = null; }
  }
  return v;
}

function print(line, status) { if (!opts.quiet || status === 'FAIL') console.log(line); }

(async () => {
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-'));
  const inputs = []; const seenPaths = new Set();
  for (const p of opts.paths) collect(p, true, inputs, seenPaths);
  for (const x of inputs) {
    if (x.error) { const d = { id: x.file, file: x.file, key: null, kind: 'unknown', results: {} }; set(d, 'extract', 'FAIL', [x.error]); defs.push(d); continue; }
    extract(x.file, x.explicit);
  }
  const items = defs.filter((d) => d.def);

  // python and serverless work in child processes while the node validators run here
  const background = [];
  if (wanted('cfn-lint')) background.push(timed('cfn-lint', () => runCfnLint(items, tmp)));
  if (wanted('moto-parse') || wanted('moto-run')) background.push(timed('moto', () => runMoto(items, tmp)));
  for (const fw of FRAMEWORKS) {
    if (files.length && wanted(fw.validator)) background.push(timed(fw.validator, () => runPackage(tmp, fw)));
  }
  if (files.length && wanted('plugin-schema')) await timed('plugin-schema', () => runPluginSchema());
  if (wanted('asl-validator')) await timed('asl-validator', () => runAslValidator(items));
  if (wanted('statelint')) await timed('statelint', () => runStatelint(items));
  if (wanted('asl-ls')) await timed('asl-ls', () => runAslLs(items));
  await Promise.all(background);

  const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
  const emit = (target, order) => {
    for (const v of order) {
      const r = target.results[v];
      if (!r) continue;
      counts[r.status]++;
      const nf = r.filtered ? r.filtered.length : 0;
      const msg = [...r.messages, ...(nf ? [`${nf} known false positive(s) dropped`] : [])].join(' | ');
      print(`${r.status.padEnd(4)} ${v.padEnd(13)} ${target.id}${msg ? '  ' + msg : ''}`, r.status);
    }
  };
  for (const d of defs) emit(d, ['extract', ...DEF_VALIDATORS]);
  for (const f of files) emit(f, FILE_VALIDATORS);
  const seconds = +((Date.now() - t0) / 1000).toFixed(2);
  console.log(`check.js: ${items.length} definition(s), ${files.length} serverless file(s): ${counts.PASS} passed, ${counts.FAIL} failed, ${counts.SKIP} skipped in ${seconds}s`
    + ` (${Object.entries(timings).map(([k, v]) => `${k} ${v}s`).join(', ')})`);

  if (opts.jsonOut) {
    const clean = (t) => ({ id: t.id, file: t.file, ...(t.key !== undefined ? { key: t.key, kind: t.kind } : {}),
      ...(t.notes && t.notes.length ? { substitutions: t.notes } : {}), results: t.results });
    const out = { format: 1, tool: 'tests/conformance/check.js', versions: versions(),
      options: { run: opts.run, strict: opts.strict, stage: opts.stage, only: opts.only ? [...opts.only] : null, skip: [...opts.skip] },
      summary: { definitions: items.length, serverlessFiles: files.length, pass: counts.PASS, fail: counts.FAIL, skip: counts.SKIP, seconds, timings },
      definitions: defs.map(clean), files: files.map(clean) };
    fs.mkdirSync(path.dirname(path.resolve(opts.jsonOut)), { recursive: true });
    fs.writeFileSync(opts.jsonOut, JSON.stringify(out, null, 2) + '\n');
  }
  if (opts.keepTmp) console.error(`check.js: temporary files kept in ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(counts.FAIL ? 1 : 0);
})().catch((e) => { process.stderr.write(`check.js: internal error: ${e.stack || e}\n`); process.exit(2); });
