// Writes schema/sessiongen.schema.json from the validator's key tables (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { specJsonSchemaText } from '../dist/generator/frontends/yaml/schema.js';

writeFileSync(new URL('../schema/sessiongen.schema.json', import.meta.url), specJsonSchemaText());
