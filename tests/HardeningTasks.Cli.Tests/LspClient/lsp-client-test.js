// Drives `hardening lsp` as an editor does, through the LSP client libraries VS Code's own client is built on
// (vscode-jsonrpc, vscode-languageserver-protocol), and checks what comes back. Run by LspClientTests.cs:
//   node lsp-client-test.js <hardening.dll> <workspace directory>
// Prints each step; exits 0 when every expectation held, 1 with the reason otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const protocol = require('vscode-languageserver-protocol');

const [dll, workspace] = process.argv.slice(2);
const uri = file => pathToFileURL(path.join(workspace, file)).href;
const composeUri = uri('compose.yml');
const envUri = uri('.env');

const { fail, expect, start } = require('./lsp-session');
const session = start(dll, workspace, ['--stdio']);
const { connection, published, waitFor, exited } = session;

const compose = fs.readFileSync(path.join(workspace, 'compose.yml'), 'utf8');
const env = fs.readFileSync(path.join(workspace, '.env'), 'utf8');
const lineOf = (text, needle) => text.split('\n').findIndex(l => l.includes(needle));
const codes = diagnostics => diagnostics.map(d => d.code).sort();
const describe = d => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

// Applies a WorkspaceEdit's TextDocumentEdits for one document to its text, as the client would.
function applyEdits(text, edits) {
  const lines = text.split('\n');
  const offset = p => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = edits.slice().sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

(async () => {
  const init = await connection.sendRequest(protocol.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
    capabilities: {
      workspace: { workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
    },
    initializationOptions: { hardening: { debounceMs: 10 } },
  });
  expect(init.capabilities.textDocumentSync.change === protocol.TextDocumentSyncKind.Incremental, 'the server syncs documents incrementally', init);
  expect(init.capabilities.codeActionProvider, 'the server offers code actions', init);
  connection.sendNotification(protocol.InitializedNotification.type, {});

  // 1. open the compose file: HRD001 at the range of 'nginx:latest'
  let since = published.length;
  connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri: composeUri, languageId: 'dockercompose', version: 1, text: compose } });
  const imageLine = lineOf(compose, 'nginx:latest');
  const first = await waitFor(composeUri, ds => ds.some(d => d.code === 'HRD001'), since, 'HRD001 on the compose file');
  const latest = first.find(d => d.code === 'HRD001');
  const column = compose.split('\n')[imageLine].indexOf('nginx:latest');
  expect(latest.range.start.line === imageLine && latest.range.start.character === column && latest.range.end.line === imageLine
    && latest.range.end.character === column + 'nginx:latest'.length, 'HRD001 is at the range of nginx:latest', latest);
  expect(latest.source === 'hardening' && latest.severity === protocol.DiagnosticSeverity.Warning
    && latest.codeDescription && latest.codeDescription.href.endsWith('/docs/rules/HRD001.md'), 'HRD001 has its source, severity and help link', latest);

  // 2. pin the tag in the buffer, without saving: HRD001 gone
  since = published.length;
  const pinned = compose.replace('nginx:latest', 'nginx:1.25.3');
  const lines = compose.split('\n');
  connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: composeUri, version: 2 },
    contentChanges: [{ range: { start: { line: imageLine, character: column + 6 }, end: { line: imageLine, character: column + 12 } }, text: '1.25.3' }],
  });
  const afterPin = await waitFor(composeUri, ds => !ds.some(d => d.code === 'HRD001'), since, 'HRD001 to go after pinning the tag');
  expect(!afterPin.some(d => d.code === 'HRD001'), 'HRD001 is gone once the unsaved buffer pins the tag', afterPin.map(describe));
  expect(fs.readFileSync(path.join(workspace, 'compose.yml'), 'utf8') === compose, 'the file on disk is unchanged');

  // 3. make the interpolated tag 'latest' in the unsaved .env: the compose file is published again with HRD001
  since = published.length;
  connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri: envUri, languageId: 'dotenv', version: 1, text: env } });
  connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: envUri, version: 2 }, contentChanges: [{ text: env.replace('API_TAG=2.4.1', 'API_TAG=latest') }],
  });
  const apiLine = lineOf(compose, '${API_TAG}');
  const afterEnv = await waitFor(composeUri, ds => ds.some(d => d.code === 'HRD001' && d.range.start.line === apiLine), since, 'HRD001 on the interpolated image');
  const interpolated = afterEnv.find(d => d.code === 'HRD001');
  expect(interpolated.range.start.line === apiLine, 'the compose file is re-published with HRD001 at the interpolated image', afterEnv.map(describe));
  expect((interpolated.relatedInformation || []).some(r => r.location.uri === envUri && r.location.range.start.line === lineOf(env, 'API_TAG=')),
    'the related information points at the .env line that sets the variable', interpolated);

  // 4. the quick fix for HRD022, applied through the client: HRD022 of that service gone, every other diagnostic the same
  const before = afterEnv;
  const target = before.find(d => d.code === 'HRD022' && d.message.includes("'api'"));
  expect(target, 'HRD022 is reported for service api', before.map(describe));
  const actions = await connection.sendRequest(protocol.CodeActionRequest.type, {
    textDocument: { uri: composeUri }, range: target.range, context: { diagnostics: [target], only: ['quickfix'] },
  });
  const titles = actions.map(a => a.title);
  expect(titles.includes('Suppress HRD022 with a comment') && titles.includes('Set HRD022 to none in .editorconfig'),
    'every finding can be suppressed with a comment or switched off in .editorconfig', titles);
  const fix = actions.find(a => a.isPreferred && a.kind === 'quickfix');
  expect(fix && /no-new-privileges/.test(fix.title), 'the preferred quick fix adds no-new-privileges', titles);
  expect(fix.diagnostics.some(d => d.code === 'HRD022'), 'the quick fix names the diagnostic it resolves', fix);
  const documentEdit = fix.edit.documentChanges.find(c => c.textDocument && c.textDocument.uri === composeUri);
  expect(documentEdit && documentEdit.textDocument.version === 2, 'the edit is for the open version of the compose file', fix.edit);
  const fixed = applyEdits(pinned, documentEdit.edits);
  expect(/security_opt:\n\s+- no-new-privileges:true/.test(fixed), 'the edit writes security_opt with no-new-privileges:true', fixed);
  since = published.length;
  connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, { textDocument: { uri: composeUri, version: 3 }, contentChanges: [{ text: fixed }] });
  const after = await waitFor(composeUri, ds => !ds.some(d => d.code === 'HRD022' && d.message.includes("'api'")), since, 'HRD022 of api to go');
  const expected = before.filter(d => d !== target).map(describe).sort();
  const actual = after.map(describe).sort();
  expect(JSON.stringify(actual) === JSON.stringify(expected), 'after the fix only that HRD022 is gone; every other diagnostic is unchanged', { expected, actual });

  // 5. shutdown and exit: exit code 0
  await connection.sendRequest(protocol.ShutdownRequest.type);
  connection.sendNotification(protocol.ExitNotification.type);
  const code = await exited;
  expect(code === 0, 'the server exits with code 0 after shutdown and exit', { code, stderr: session.stderr });
  console.log('all passed');
  process.exit(0);
})().catch(e => fail(e.stack || String(e)));
