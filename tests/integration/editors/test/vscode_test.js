// Run by editors.sh: node vscode_test.js TASKS_JSON TEXT_OUTPUT JSON_OUTPUT
// Applies the problem matcher of every task in tasks.json to ckimport's text
// output, line by line as VS Code does, and checks that it finds exactly the
// diagnostics of the JSON output: file, line, column, severity, message, rule.
'use strict';
const fs = require('fs');
const [tasksPath, textPath, jsonPath] = process.argv.slice(2);
const tasks = JSON.parse(fs.readFileSync(tasksPath, 'utf8')).tasks;
const lines = fs.readFileSync(textPath, 'utf8').split('\n');
const want = JSON.parse(fs.readFileSync(jsonPath, 'utf8')).diagnostics.map(
  (d) => [d.file, d.line, d.column, d.severity, d.message, d.rule].join(' | '));
let failures = 0;
for (const task of tasks) {
  const p = task.problemMatcher.pattern;
  const re = new RegExp(p.regexp);
  const got = [];
  for (const line of lines) {
    const m = re.exec(line);
    if (m) got.push([m[p.file], +m[p.line], +m[p.column], m[p.severity], m[p.message], m[p.code]].join(' | '));
  }
  if (JSON.stringify(got) === JSON.stringify(want)) {
    console.log(`ok: VS Code "${task.label}": the matcher finds the ${want.length} diagnostics of the JSON output`);
  } else {
    failures++;
    console.log(`FAIL: VS Code "${task.label}": the matcher found\n  ${got.join('\n  ')}\nexpected\n  ${want.join('\n  ')}`);
  }
}
process.exit(failures ? 1 : 0);
