// What both real-client tests need: `hardening lsp` started as an editor starts it, a vscode-jsonrpc connection to it,
// every publishDiagnostics in order, and a wait for the publication a step expects.
'use strict';
const { spawn } = require('child_process');
const rpc = require('vscode-jsonrpc/node');
const protocol = require('vscode-languageserver-protocol');

function fail(message) {
  console.error('FAIL: ' + message);
  process.exit(1);
}

function expect(condition, message, detail) {
  if (!condition) fail(message + (detail === undefined ? '' : '\n' + JSON.stringify(detail, null, 2)));
  console.log('ok - ' + message);
}

/** Starts the server in `workspace`; `onRegister` sees each client/registerCapability request. */
function start(dll, workspace, args, onRegister) {
  const server = spawn('dotnet', [dll, 'lsp', ...args], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
  const session = { stderr: '', published: [] };
  server.stderr.on('data', d => { session.stderr += d; });
  session.exited = new Promise(resolve => server.on('exit', code => resolve(code)));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
  // every publication, in order; waiters look at the ones after a point
  const waiters = [];
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, params => {
    session.published.push(params);
    for (const w of waiters.slice()) if (w.check()) waiters.splice(waiters.indexOf(w), 1);
  });
  connection.onRequest('client/registerCapability', params => { if (onRegister) onRegister(params); return null; });
  connection.listen();
  session.connection = connection;

  /** The first publication for `targetUri` at index `since` or later whose diagnostics satisfy `predicate`. */
  session.waitFor = (targetUri, predicate, since, what) => new Promise((resolve, reject) => {
    const check = () => {
      for (let i = since; i < session.published.length; i++)
        if (session.published[i].uri === targetUri && predicate(session.published[i].diagnostics)) { resolve(session.published[i].diagnostics); return true; }
      return false;
    };
    if (check()) return;
    waiters.push({ check });
    setTimeout(() => {
      const last = session.published.filter(p => p.uri === targetUri).pop();
      reject(new Error(`timed out waiting for ${what}; last publication for ${targetUri}: ${JSON.stringify(last, null, 2)}\nserver stderr: ${session.stderr}`));
    }, 20000);
  });
  return session;
}

module.exports = { fail, expect, start };
