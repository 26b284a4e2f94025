/** Types of directory-documents.mjs, for the tests that import it. */
import type { Diagnostic } from '../generator/diagnostics.js';
import type { ClientModel } from '../generator/model/types.js';

export declare const DIRECTORY_VERSION: string;

export declare function installedDirectory(): string | undefined;

export declare function directory(): string;

export declare function documents(root: string, sample?: number): string[];

export type GeneratedDocument =
  | { readonly model: ClientModel; readonly code: string; readonly diagnostics: readonly Diagnostic[]; readonly failure?: undefined }
  | { readonly failure: string; readonly diagnostics?: readonly Diagnostic[]; readonly code?: undefined };

export declare function generateDocument(path: string, source: string): GeneratedDocument;
