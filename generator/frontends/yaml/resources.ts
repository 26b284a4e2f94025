/**
 * The spec's `resources`: descriptions of the resource objects dotted path names make
 * (`customers: Customer objects and their payment sources`), shown where users hover
 * `client.customers`. What `sessiongen import` writes from a document's tag descriptions.
 */
import type { DiagnosticSink } from '../../diagnostics.js';
import { methodName, resourceClassName } from '../../model/names.js';
import type { MethodModel, ResourceModel } from '../../model/types.js';
import { expectMap, expectString, join } from './nodes.js';
import type { SpecNode } from './load.js';

export function readResourceDocs(node: SpecNode, methods: readonly MethodModel[], sink: DiagnosticSink): ResourceModel[] {
  const map = expectMap(node, 'resources', sink);
  if (map === undefined) return [];
  const used = new Set(methods.flatMap((method) => method.resource.map((_, depth) => method.resource.slice(0, depth + 1).join('.'))));
  const resources: ResourceModel[] = [];
  for (const entry of map.entries) {
    const at = join('resources', entry.key);
    const description = expectString(entry.value, at, sink);
    const segments = entry.key.split('.');
    if (segments.some((segment) => segment === '')) {
      sink.report('badMethodPath', entry.keyPosition, at, entry.key);
      continue;
    }
    const path = segments.map(methodName);
    if (!used.has(path.join('.'))) sink.report('unusedResource', entry.keyPosition, at, entry.key);
    if (description === undefined) continue;
    resources.push({ path, className: resourceClassName(path), docs: { description } });
  }
  return resources;
}
