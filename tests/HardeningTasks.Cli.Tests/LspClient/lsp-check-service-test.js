// `hardening lsp` shows what `hardening check` shows: the preset from the 'hardening' settings section, the workspace's
// hardening-baseline.json, and, after a file changes on disk while the server runs, the change once the client reports it
// (workspace/didChangeWatchedFiles). Run by LspClientTests.cs:
//   node lsp-check-service-test.js <hardening.dll> <workspace directory> <check --format json output> <preset>
// Prints each step; exits 0 when every expectation held, 1 with the reason otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const protocol = require('vscode-languageserver-protocol');

const [dll, workspace, checkJson, preset] = process.argv.slice(2);
const composePath = path.join(workspace, 'compose.yml');
const composeUri = pathToFileURL(composePath).href;
const envPath = path.join(workspace, '.env');

const { fail, expect, start } = require('./lsp-session');
let registered = null;
const session = start(dll, workspace, [], params => { registered = params; });
const { connection, published, waitFor, exited } = session;

// a diagnostic and a finding of `hardening check --format json` in one spelling: rule, start, LSP severity, message
const severities = { error: 1, warning: 2, suggestion: 3 };
const ofDiagnostic = d => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message}`;
const ofFinding = f => `${f.ruleId}@${f.line}:${f.column} ${severities[f.severity]} ${f.message}`;

(async () => {
  const check = JSON.parse(fs.readFileSync(checkJson, 'utf8'));
  const expected = check.findings.filter(f => f.fullPath === composePath).map(ofFinding).sort();
  expect(expected.length > 0, 'hardening check reports findings in compose.yml', check.findings);

  await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    initializationOptions: { hardening: { debounceMs: 10, analysisMode: preset } },
  });
  connection.sendNotification(protocol.InitializedNotification.type, {});

  // 1. nothing open: the disk is the truth, and the server's findings are hardening check's, one for one
  const first = await waitFor(composeUri, () => true, 0, 'the first publication for compose.yml');
  const actual = first.map(ofDiagnostic).sort();
  expect(JSON.stringify(actual) === JSON.stringify(expected), `the diagnostics equal hardening check --format json --analysis-mode ${preset}`, { expected, actual });
  expect(first.some(d => d.code === 'HRD025' && d.severity === protocol.DiagnosticSeverity.Warning),
    `the preset from the settings section holds: HRD025, a suggestion by default, is a warning under ${preset}`, first.map(ofDiagnostic));
  expect(!first.some(d => d.message.startsWith("Service 'web'")), 'the findings hardening-baseline.json accepted (service web) are not shown', first.map(ofDiagnostic));
  const watchers = registered && registered.registrations.find(r => r.method === 'workspace/didChangeWatchedFiles');
  expect(watchers && watchers.registerOptions.watchers.some(w => w.globPattern.includes('.env')), 'the server asks the client to watch .env files', registered);

  // 2. .env changes on disk while the server runs (it is not open): after the client reports it, compose.yml is re-published
  const dbLine = fs.readFileSync(composePath, 'utf8').split('\n').findIndex(l => l.includes('${PG_TAG}'));
  expect(!first.some(d => d.code === 'HRD001' && d.range.start.line === dbLine), 'no HRD001 on the interpolated image while .env pins it');
  fs.writeFileSync(envPath, fs.readFileSync(envPath, 'utf8').replace(/PG_TAG=.*/, 'PG_TAG=latest'));
  const since = published.length;
  connection.sendNotification(protocol.DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(envPath).href, type: protocol.FileChangeType.Changed }] });
  const after = await waitFor(composeUri, ds => ds.some(d => d.code === 'HRD001' && d.range.start.line === dbLine), since, 'HRD001 after .env changed on disk');
  expect(after.some(d => d.code === 'HRD001' && d.range.start.line === dbLine), 'after didChangeWatchedFiles the compose file is re-published with HRD001 from the new .env', after.map(ofDiagnostic));

  await connection.sendRequest(protocol.ShutdownRequest.type);
  connection.sendNotification(protocol.ExitNotification.type);
  const code = await exited;
  expect(code === 0, 'the server exits with code 0 after shutdown and exit', { code, stderr: session.stderr });
  console.log('all passed');
  process.exit(0);
})().catch(e => fail(e.stack || String(e)));
