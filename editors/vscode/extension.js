// The VS Code client of `hardening lsp`: starts the language server of the HardeningTasks CLI and hands it the files it
// checks. Everything else (findings, quick fixes, suppressions) comes from the server.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

const documentSelector = [
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{docker-,}compose*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}' },
  { scheme: 'file', pattern: '**/{.dockerignore,*.dockerignore}' },
  { scheme: 'file', pattern: '**/{.env,*.env,.env.*}' },
  { scheme: 'file', pattern: '**/traefik*.{yml,yaml,toml}' },
  { scheme: 'file', pattern: '**/{.editorconfig,.globalconfig}' },
];

function settings() {
  const config = vscode.workspace.getConfiguration('hardening');
  return {
    variables: config.get('variables'),
    analysisMode: config.get('analysisMode'),
    trustedRegistries: config.get('trustedRegistries'),
    debounceMs: config.get('debounceMs'),
  };
}

function activate(context) {
  const command = vscode.workspace.getConfiguration('hardening').get('path') || 'hardening';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient('hardening', 'HardeningTasks', { run: server, debug: server }, {
    documentSelector,
    initializationOptions: { hardening: settings() },
    synchronize: {
      configurationSection: 'hardening',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yml,*.yaml,*.toml,*Dockerfile*,*.dockerfile,*dockerignore,.env,*.env,.env.*,.editorconfig,.globalconfig}'),
    },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
