/**
 * Stage 5: putting generated files on disk. A file is replaced in one rename, so a reader never
 * sees half of it, and an unchanged file is not touched, so its mtime stays and watchers
 * (tsc --watch, bundlers) do not rebuild for nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type FileState = 'missing' | 'stale' | 'current';

export async function fileState(path: string, content: string): Promise<FileState> {
  let existing: string;
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return existing === content ? 'current' : 'stale';
}

/** Writes `content` to `path` unless it already holds exactly that; returns whether it wrote. */
export async function writeIfChanged(path: string, content: string): Promise<boolean> {
  if ((await fileState(path, content)) === 'current') return false;
  await mkdir(dirname(path), { recursive: true });
  // The temporary file sits beside the target so the rename stays on one file system.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}
