/** The YAML front end: a sessiongen spec's text to a draft client model. */
import type { DiagnosticSink } from '../../diagnostics.js';
import type { ClientModel } from '../../model/types.js';
import { parseSpecText } from './load.js';
import { readSpecTree } from './spec.js';

export function readYamlSpec(text: string, source: string, sink: DiagnosticSink): ClientModel | undefined {
  const tree = parseSpecText(text, sink);
  return tree === undefined ? undefined : readSpecTree(tree, source, sink);
}
