// The language server's latency and memory, measured as an editor sees them (driven by eng/bench-lsp.sh):
// a workspace holding the whole corpus; one compose file open; each edit toggles its image tag between a pinned one and
// 'latest' without saving, and the time runs from sending didChange to receiving that file's publishDiagnostics with
// HRD001 present or gone as it should be (the debounce included). Then 1,000 more edits, and the server's memory
// (managed heap after a full collection, and the working set) before and after them.
//   node bench-lsp.js <hardening.dll> <workspace> <relative compose file> <edits> <memory edits> <debounce ms>
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');
const protocol = require('vscode-languageserver-protocol');

const [dll, workspace, relative, editsArg, memoryArg, debounceArg] = process.argv.slice(2);
const edits = Number(editsArg), memoryEdits = Number(memoryArg), debounceMs = Number(debounceArg);
const file = path.join(workspace, relative);
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
const match = /image:\s*["']?([^\s"'#]+):([^\s"'#]+)/.exec(text);
if (!match) { console.error('no image with a tag in ' + relative); process.exit(1); }
const tagStart = match.index + match[0].length - match[2].length;
const before = text.slice(0, tagStart).split('\n');
const position = { line: before.length - 1, character: before[before.length - 1].length };

const server = spawn('dotnet', [dll, 'lsp'], { cwd: workspace, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
let pending = null;
connection.onNotification(protocol.PublishDiagnosticsNotification.type, p => {
  if (pending && p.uri === uri && pending.check(p.diagnostics)) { const r = pending.resolve; pending = null; r(process.hrtime.bigint()); }
});
connection.onRequest('client/registerCapability', () => null);
connection.listen();
const next = check => new Promise(resolve => { pending = { check, resolve }; });
const hasLatest = ds => ds.some(d => d.code === 'HRD001' && d.range.start.line === position.line);

let version = 1;
let currentTag = match[2];
async function edit() {
  const tag = currentTag === 'latest' ? '1.2.3' : 'latest';
  const expectLatest = tag === 'latest';
  const waiting = next(ds => hasLatest(ds) === expectLatest);
  const start = process.hrtime.bigint();
  connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: ++version },
    contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + currentTag.length } }, text: tag }],
  });
  currentTag = tag;
  const end = await waiting;
  return Number(end - start) / 1e6;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
const mb = b => (b / 1048576).toFixed(1) + ' MB';

(async () => {
  const started = process.hrtime.bigint();
  await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'corpus' }],
    // as VS Code: the client watches the files the server registers, so the server may keep the disk's answers
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, initializationOptions: { hardening: { debounceMs } },
  });
  connection.sendNotification(protocol.InitializedNotification.type, {});
  const opened = next(() => true);
  connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockercompose', version, text } });
  await opened;
  const status0 = await connection.sendRequest('hardening/status');
  console.log(`workspace: ${workspace} (${status0.unitsAnalysed + status0.unitsReused} units); first check and publication: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);

  for (let i = 0; i < 10; i++) await edit(); // warm-up
  const times = [];
  const analysis = [];
  const cpu = [];
  for (let i = 0; i < edits; i++) {
    times.push(await edit());
    const status = await connection.sendRequest('hardening/status');
    analysis.push(status.lastAnalysisMs);
    cpu.push(status.lastAnalysisCpuMs);
  }
  times.sort((a, b) => a - b);
  analysis.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const last = await connection.sendRequest('hardening/status');
  console.log(`didChange -> publishDiagnostics over ${edits} edits (debounce ${debounceMs} ms): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
  console.log(`  the server's check of those edits: p50 ${percentile(analysis, 50).toFixed(1)} ms, p95 ${percentile(analysis, 95).toFixed(1)} ms; units analysed ${last.unitsAnalysed}, reused ${last.unitsReused}`);
  if (cpu[0] !== undefined) // a build before hardening/status reported it has not the figure
    console.log(`  CPU time the server spent per check (all threads, independent of the machine's load): p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms`);

  const m0 = await connection.sendRequest('hardening/status');
  for (let i = 0; i < memoryEdits; i++) await edit();
  const m1 = await connection.sendRequest('hardening/status');
  console.log(`memory after ${m0.analyses} checks: managed ${mb(m0.managedBytes)}, working set ${mb(m0.workingSetBytes)}; after ${memoryEdits} more edits (${m1.analyses} checks): managed ${mb(m1.managedBytes)}, working set ${mb(m1.workingSetBytes)}`);

  await connection.sendRequest(protocol.ShutdownRequest.type);
  connection.sendNotification(protocol.ExitNotification.type);
  server.on('exit', code => process.exit(code));
})().catch(e => { console.error(e); process.exit(1); });
