// Lints each BPMN file given on the command line with bpmnlint's `bpmnlint:recommended` rules
// and prints one JSON line per file: {file, reports: [{rule, id, message, category}]}.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const linter = new Linter({
  config: { extends: 'bpmnlint:recommended' },
  resolver: new NodeResolver()
});
const moddle = new BpmnModdle();

for (const file of process.argv.slice(2)) {
  const xml = await readFile(file, 'utf8');
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const results = await linter.lint(rootElement);
  const reports = [];
  for (const [rule, list] of Object.entries(results)) {
    for (const r of list) {
      reports.push({ rule, id: r.id, message: r.message, category: r.category });
    }
  }
  console.log(JSON.stringify({ file, reports }));
}
