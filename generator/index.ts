/** The programmatic API: `generate()` does what `sessiongen generate` does. */
export { generate, generateSource, compileSpec, outputName, SpecCache } from './generate.js';
export type { GenerateOptions, GenerateResult, OutputFile, OutputStatus, CompileResult } from './generate.js';
export { DIAGNOSTICS, formatDiagnostic } from './diagnostics.js';
export type { Diagnostic, DiagnosticCode, Position } from './diagnostics.js';
export type { ClientModel, MethodModel, TypeRef } from './model/types.js';
export { specJsonSchema, specJsonSchemaText } from './frontends/yaml/schema.js';
