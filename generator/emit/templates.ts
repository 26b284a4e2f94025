/** Loads the text templates in `templates/` and fills their `{{slots}}`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export type TemplateName = 'header' | 'constructor' | 'method';

function templatesDir(): string {
  return join(packageRoot(), 'templates');
}

const cache = new Map<TemplateName, string>();

export function loadTemplate(name: TemplateName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(templatesDir(), `${name}.txt`), 'utf8').replace(/\r\n/g, '\n').replace(/\n+$/, '');
    cache.set(name, text);
  }
  return text;
}

const LINE_SLOT = /^(\s*)\{\{(\w+)\}\}$/;
const INLINE_SLOT = /\{\{(\w+)\}\}/g;

function slotValue(values: Readonly<Record<string, string>>, slot: string, template: TemplateName): string {
  const value = values[slot];
  if (value === undefined) throw new Error(`sessiongen: template ${template} has a slot {{${slot}}} the generator does not fill`);
  return value;
}

/**
 * Fills a template. A slot alone on its line takes a multi-line value, indented like the slot,
 * and disappears when the value is empty; other slots are replaced in place.
 */
export function fillTemplate(name: TemplateName, values: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  for (const line of loadTemplate(name).split('\n')) {
    const slot = LINE_SLOT.exec(line);
    if (slot !== null) {
      const value = slotValue(values, slot[2]!, name);
      if (value !== '') for (const valueLine of value.split('\n')) lines.push(slot[1]! + valueLine);
      continue;
    }
    lines.push(line.replace(INLINE_SLOT, (_, inline: string) => slotValue(values, inline, name)));
  }
  return lines.join('\n');
}
