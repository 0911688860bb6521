// `ckimport lsp` driven by VS Code's own LSP client libraries
// (vscode-jsonrpc 8.2.0, vscode-languageserver-protocol 3.17.5), as an
// editor extension would drive it:
//
//   node client_test.mjs CKIMPORT WORKDIR
//
// - initialize without `general` (UTF-16) and with positionEncodings
//   ["utf-8", "utf-16"] (UTF-8 chosen); a token after an emoji is at
//   character 20 in UTF-16 and 22 in UTF-8;
// - an unsaved edit of users.json (incremental, UTF-16 positions after the
//   emoji) makes the open messages.json republished without its error;
// - a quick fix for `display_name` (skipped until rules attach fixes);
// - garbage bytes, a body that is not JSON and unknown methods are survived;
// - exit status 0 after shutdown, 1 without; the same when stdin closes.
//
// Prints "ok - ..." per check, "FAIL - ..." and exits 1 on a failure.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const lsp = require('vscode-languageserver-protocol');

const [ckimport, workdir] = process.argv.slice(2);
if (!ckimport || !workdir) {
  console.error('usage: node client_test.mjs CKIMPORT WORKDIR');
  process.exit(2);
}

let failures = 0;
function check(condition, what, detail = '') {
  if (condition) {
    console.log(`ok - ${what}`);
  } else {
    failures++;
    console.log(`FAIL - ${what}${detail ? `: ${detail}` : ''}`);
  }
}

// The bundle: users.json with an emoji before a wrong key, messages.json
// whose sender is not a user yet, a snapshot of the channels.
const bundle = path.join(workdir, 'bundle');
fs.mkdirSync(path.join(bundle, 'existing'), { recursive: true });
const jane = '{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}';
const usersText = `[\n  ${jane},\n  {"name": "🎉joe", "display_name": "Joe", "isGuest": false, "properties": {}}\n]\n`;
const messagesText = '[{"type": "TEXT", "channelId": 1001, "user": "bob", "body": "hi"}]\n';
fs.writeFileSync(path.join(bundle, 'users.json'), usersText);
fs.writeFileSync(path.join(bundle, 'messages.json'), messagesText);
fs.writeFileSync(path.join(bundle, 'existing', 'channels.json'), '{"general": 1001}\n');
const usersUri = pathToFileURL(path.join(bundle, 'users.json')).href;
const messagesUri = pathToFileURL(path.join(bundle, 'messages.json')).href;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// A server process with a connection over its stdio.
function startServer() {
  const child = spawn(ckimport, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map();  // uri -> the list of publishes
  const waiters = [];
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    if (!published.has(params.uri)) published.set(params.uri, []);
    published.get(params.uri).push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.test(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onNotification('window/logMessage', (params) => console.log(`  (server log: ${params.message})`));
  connection.onError(() => {});  // a response without id (to garbage) is reported here: expected
  connection.listen();
  // Resolves with the first publish for `uri` (past or future) that passes `test`.
  const publish = (uri, test, what) => {
    const past = (published.get(uri) || []).find(test);
    if (past) return Promise.resolve(past);
    return withTimeout(new Promise((resolve) => waiters.push({ uri, test, resolve })), 20000, what);
  };
  const clear = (uri) => published.delete(uri);
  return { child, connection, exited, publish, clear, stderr: () => stderr };
}

const describe = (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`;

async function initialize(server, general) {
  const capabilities = { textDocument: { publishDiagnostics: { relatedInformation: true } } };
  if (general) capabilities.general = general;
  const result = await withTimeout(server.connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(bundle).href, capabilities,
  }), 10000, 'initialize');
  await server.connection.sendNotification(lsp.InitializedNotification.type, {});
  return result;
}

function open(server, uri, text, version = 1) {
  server.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'json', version, text },
  });
}

async function utf16Session() {
  const server = startServer();
  const init = await initialize(server, undefined);
  check((init.capabilities.positionEncoding ?? 'utf-16') === 'utf-16', 'no general.positionEncodings: UTF-16',
    init.capabilities.positionEncoding);
  check(init.capabilities.textDocumentSync.change === lsp.TextDocumentSyncKind.Incremental, 'incremental sync');
  check(JSON.stringify(init.capabilities.codeActionProvider.codeActionKinds) ===
    '["quickfix","source.fixAll.ckimport"]', 'code action kinds');

  open(server, usersUri, usersText);
  const users = await server.publish(usersUri, () => true, 'users.json diagnostics');
  console.log(`  users.json (UTF-16): ${users.diagnostics.map(describe).join('; ')}`);
  const field = users.diagnostics.find((d) => d.code === 'unknown-field');
  check(field && describe(field) === '2:20-2:34 unknown-field', 'UTF-16: the key after the emoji is at character 20',
    field && describe(field));
  check(field && field.severity === lsp.DiagnosticSeverity.Error && field.source === 'ckimport' &&
    field.message.includes('\nhelp: rename it to `displayName`'), 'severity, source, message with its help');

  // Cross-file: messages.json names bob, who is not a user...
  open(server, messagesUri, messagesText);
  const before = await server.publish(messagesUri, () => true, 'messages.json diagnostics');
  console.log(`  messages.json: ${before.diagnostics.map(describe).join('; ')}`);
  check(before.diagnostics.some((d) => d.code === 'unknown-user'), 'messages.json: bob is an unknown user');
  // ...until the unsaved users.json adds him: an incremental edit at the end
  // of the emoji line (its UTF-16 length).
  const line2 = usersText.split('\n')[2];
  server.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: usersUri, version: 2 },
    contentChanges: [{
      range: { start: { line: 2, character: line2.length }, end: { line: 2, character: line2.length } },
      text: ',\n  {"name": "bob", "displayName": "Bob", "isGuest": false, "properties": {}}',
    }],
  });
  const after = await server.publish(messagesUri, (p) => !p.diagnostics.some((d) => d.code === 'unknown-user'),
    'messages.json republished without unknown-user');
  check(after.diagnostics.length === 0, 'an unsaved users.json re-checks messages.json: no error left',
    after.diagnostics.map(describe).join('; '));
  const usersNow = await server.publish(usersUri, (p) => p.version === 2, 'users.json version 2');
  check(usersNow.diagnostics.map(describe).join('; ') === '2:20-2:34 unknown-field',
    'users.json after the incremental edit', usersNow.diagnostics.map(describe).join('; '));

  // The quick fix for display_name, applied as an editor would.
  const actions = await server.connection.sendRequest(lsp.CodeActionRequest.type, {
    textDocument: { uri: usersUri },
    range: { start: { line: 2, character: 25 }, end: { line: 2, character: 25 } },
    context: { diagnostics: usersNow.diagnostics },
  });
  check(Array.isArray(actions), 'codeAction answers a list');
  const quickfix = (actions || []).find((a) => a.kind === 'quickfix');
  check(quickfix !== undefined, 'a quick fix is offered for display_name');
  if (quickfix) {
    const edits = quickfix.edit.changes ? quickfix.edit.changes[usersUri] : quickfix.edit.documentChanges[0].edits;
    check(quickfix.isPreferred === true && edits.length > 0, `quick fix "${quickfix.title}" is preferred`);
    // TextEdits refer to the text before any of them: send them last first.
    const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line ||
      b.range.start.character - a.range.start.character);
    server.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri: usersUri, version: 3 },
      contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })),
    });
    const fixed = await server.publish(usersUri, (p) => p.version === 3, 'users.json after the fix');
    console.log(`  users.json after the fix: ${fixed.diagnostics.map(describe).join('; ')}`);
    check(!fixed.diagnostics.some((d) => d.code === 'unknown-field'), 'the quick fix removes the diagnostic');
  }

  // Garbage on the wire, a body that is not JSON, an unknown method.
  server.child.stdin.write('\x00\x01 garbage \xff\r\n\r\n');
  server.child.stdin.write('Content-Length: 5\r\n\r\n{oops');
  let unknown = null;
  try {
    await server.connection.sendRequest('ckimport/noSuchMethod', {});
  } catch (error) {
    unknown = error;
  }
  check(unknown && unknown.code === rpc.ErrorCodes.MethodNotFound, 'unknown method: -32601', unknown && unknown.code);
  const still = await withTimeout(server.connection.sendRequest(lsp.CodeActionRequest.type, {
    textDocument: { uri: messagesUri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  }), 10000, 'a request after garbage');
  check(Array.isArray(still), 'the server still answers after garbage');

  // Closing a document publishes its empty list.
  server.clear(usersUri);
  server.connection.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri: usersUri } });
  const closed = await server.publish(usersUri, () => true, 'the empty list on close');
  check(closed.diagnostics.length === 0, 'didClose publishes an empty list');

  await server.connection.sendRequest(lsp.ShutdownRequest.type);
  await server.connection.sendRequest(lsp.ShutdownRequest.type).catch(() => {});  // neovim 0.7 sends two
  server.connection.sendNotification(lsp.ExitNotification.type);
  const { code } = await withTimeout(server.exited, 10000, 'exit');
  check(code === 0, 'exit after shutdown: status 0', code);
  check(server.stderr() === '' || !server.stderr().includes('Content-Length: '), 'stderr has logs, never protocol');
  server.connection.dispose();
}

async function utf8Session() {
  const server = startServer();
  const init = await initialize(server, { positionEncodings: ['utf-8', 'utf-16'] });
  check(init.capabilities.positionEncoding === 'utf-8', 'positionEncodings ["utf-8","utf-16"]: UTF-8',
    init.capabilities.positionEncoding);
  open(server, usersUri, usersText);
  const users = await server.publish(usersUri, () => true, 'users.json diagnostics (UTF-8)');
  console.log(`  users.json (UTF-8): ${users.diagnostics.map(describe).join('; ')}`);
  const field = users.diagnostics.find((d) => d.code === 'unknown-field');
  check(field && describe(field) === '2:22-2:36 unknown-field', 'UTF-8: the key after the emoji is at byte 22',
    field && describe(field));
  server.connection.sendNotification(lsp.ExitNotification.type);  // no shutdown
  const { code } = await withTimeout(server.exited, 10000, 'exit');
  check(code === 1, 'exit without shutdown: status 1', code);
  server.connection.dispose();
}

async function endOfInput(shutdownFirst) {
  const server = startServer();
  await initialize(server, undefined);
  if (shutdownFirst) await server.connection.sendRequest(lsp.ShutdownRequest.type);
  server.child.stdin.end();
  const { code } = await withTimeout(server.exited, 10000, 'exit at the end of input');
  check(code === (shutdownFirst ? 0 : 1), `stdin closed ${shutdownFirst ? 'after' : 'without'} shutdown: status ${shutdownFirst ? 0 : 1}`, code);
  server.connection.dispose();
}

try {
  await utf16Session();
  await utf8Session();
  await endOfInput(true);
  await endOfInput(false);
} catch (error) {
  failures++;
  console.log(`FAIL - ${error.message}`);
}
console.log(failures ? `${failures} failed` : 'all passed');
process.exit(failures ? 1 : 0);
