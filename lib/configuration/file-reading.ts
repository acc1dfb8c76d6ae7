import * as fs from 'fs';

/** A file's bytes, or what stood in the way, in words for a message's "found" part. */
export type FileRead = { readonly bytes: Buffer } | { readonly failure: string };

/** A folder's entries by name, sorted; `missing` when nothing is at the path; or what stood in the way. */
export type FolderRead =
  { readonly names: readonly string[] } | { readonly missing: true } | { readonly failure: string };

/**
 * Reads a regular file. Every I/O error (permissions, a symbolic link loop, a folder at the path,
 * a file removed between listing and reading...) becomes a failure to report, never an exception.
 */
export function readFile(file: string): FileRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return { failure: describeIoError(error) };
  }
  if (stat.isDirectory()) return { failure: 'a directory' };
  if (!stat.isFile()) return { failure: `${specialFileKind(stat)}, not a regular file` };
  try {
    return { bytes: fs.readFileSync(file) };
  } catch (error) {
    return { failure: describeIoError(error) };
  }
}

/** Lists a folder, as readFile reads a file: I/O errors become failures. */
export function readFolder(folder: string): FolderRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { failure: describeIoError(error) };
  }
  if (!stat.isDirectory()) return { failure: stat.isFile() ? 'a file, not a folder' : specialFileKind(stat) };
  try {
    return { names: fs.readdirSync(folder).sort() };
  } catch (error) {
    return { failure: describeIoError(error) };
  }
}

/** True when `file` is a regular file (following symbolic links); false on any error. */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What an I/O error means for the user, keeping its code for a search. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return `a path this user may not read (${code}: permission denied)`;
    case 'ELOOP':
      return 'a symbolic link loop (ELOOP): following the links leads back to where they start';
    case 'ENOTDIR':
      return 'a path through a file where a folder should be (ENOTDIR)';
    case 'EISDIR':
      return 'a directory';
    case 'ENAMETOOLONG':
      return 'a path too long for the file system (ENAMETOOLONG)';
    default:
      return `an I/O error (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

function specialFileKind(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}
