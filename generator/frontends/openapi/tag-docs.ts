/**
 * The document's top-level `tags` as the docs of the resources they name: GitHub's tag `repos`
 * ("Interact with GitHub Repos.") is what hovering `client.repos` shows. A tag names the resource
 * whose path is its name by the placement rule (dots nest: Slack's `admin.apps`), whichever rule
 * placed the methods there.
 */
import { resourceClassName } from '../../model/names.js';
import { tagResource } from './resources.js';
import type { MethodModel, ResourceModel } from '../../model/types.js';
import { child, isObject } from './context.js';
import type { Node } from './context.js';
import { textDocs } from './docs.js';

export function readTagDocs(tags: Node, methods: readonly MethodModel[]): ResourceModel[] {
  const used = new Set(methods.flatMap((method) => method.resource.map((_, depth) => method.resource.slice(0, depth + 1).join('.'))));
  const resources: ResourceModel[] = [];
  const seen = new Set<string>();
  const list = Array.isArray(tags.value) ? tags.value.map((_, index) => child(tags, index)) : [];
  for (const tag of list) {
    if (!isObject(tag.value) || typeof tag.value['name'] !== 'string') continue;
    const path = tagResource(tag.value['name']);
    const key = path.join('.');
    // Only what a spec's `resources` can say back, so an imported spec gives the same client.
    const { summary, description } = textDocs(tag.value);
    const docs = { ...(summary === undefined ? {} : { summary }), ...(description === undefined ? {} : { description }) };
    if (path.length === 0 || !used.has(key) || seen.has(key) || Object.keys(docs).length === 0) continue;
    seen.add(key);
    resources.push({ path, className: resourceClassName(path), docs });
  }
  return resources;
}
