// The gwc VS Code extension: starts `gwc lsp` (the language server built into the gwc binary)
// for .gw files. Highlighting, brackets, comments and snippets are declared in package.json.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("gwc").get("path") || "gwc";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  const options = {
    documentSelector: [
      { scheme: "file", language: "gwc" },
      { scheme: "untitled", language: "gwc" },
    ],
  };
  client = new LanguageClient("gwc", "gwc language server", { run: server, debug: server }, options);
  context.subscriptions.push(client);
  return client.start().catch((err) => {
    vscode.window.showErrorMessage(
      `gwc: cannot start \`${command} lsp\` (${err.message}). Install gwc or set "gwc.path".`
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
