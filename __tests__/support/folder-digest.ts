import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A sha256 of every file under a folder, by path relative to it: two equal digests mean byte-identical trees. */
export function folderDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return out;
}
