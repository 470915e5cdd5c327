// Reads each BPMN file given on the command line with bpmn-moddle (the parser of bpmn.io and
// Camunda Modeler) and prints one JSON line per file: {file, warnings: [...], error}.
// Exit status 0 when every file was read; the caller decides what the warnings mean.
import { readFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';

const moddle = new BpmnModdle();
let failed = false;

for (const file of process.argv.slice(2)) {
  const xml = await readFile(file, 'utf8');
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    console.log(JSON.stringify({
      file,
      root: rootElement.$type,
      warnings: warnings.map((w) => w.message)
    }));
  } catch (err) {
    failed = true;
    console.log(JSON.stringify({ file, error: String(err.message || err), warnings: [] }));
  }
}

process.exit(failed ? 1 : 0);
