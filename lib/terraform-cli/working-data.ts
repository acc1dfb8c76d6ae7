import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A throwaway backend's working data unused this long is removed (a local AWS that is long gone). */
const UNUSED_THROWAWAY_MS = 7 * 24 * 3600_000;

/** Where Terraform's working data of the stacks of `outdir` is kept: `<outdir>.terraform/<stack>/<backend key>/`. */
export function workingDataRoot(outdir: string): string {
  return `${path.resolve(outdir)}.terraform`;
}

/**
 * The folder of a stack's working data for the backend it is synthesized for. Offline (a local
 * backend) and the local AWS (an S3 backend at an endpoint that changes with each local AWS) are
 * throwaway: each backend gets its own folder, so switching modes never needs `init -reconfigure`
 * and never migrates state. On AWS a stack has one folder, so Terraform itself notices a changed
 * backend and refuses to go on (see backend-change.ts): a real state is never replaced silently.
 */
export function backendKey(stackJson: StackJson): string {
  const mode = stackJson['//']?.platform?.synth_mode ?? 'real';
  if (mode === 'real') return 'real';
  const digest = createHash('sha256')
    .update(JSON.stringify(stackJson.terraform?.backend ?? null))
    .digest('hex');
  return `${mode}-${digest.slice(0, 12)}`;
}

/** The parts of a synthesized cdk.tf.json this module reads. */
export interface StackJson {
  /** cdktf's metadata and the project's. */
  readonly '//'?: { readonly platform?: { readonly synth_mode?: string } };
  /** The terraform block. */
  readonly terraform?: { readonly backend?: unknown };
}

/**
 * Makes each stack folder of a freshly written `versionDir` (the synth of `outdir`) ready for
 * Terraform: `.terraform` is a symlink to the stack's working data for its backend, kept outside
 * the synthesized output so a new synth never moves it, and `.terraform.lock.hcl` is a copy of
 * the project's lock file (hashes of every platform the team uses, so Terraform neither rewrites
 * it nor warns that it is incomplete).
 */
export function linkWorkingData(versionDir: string, outdir: string, lockFile?: string): void {
  const stacks = path.join(versionDir, 'stacks');
  if (!fs.existsSync(stacks)) return;
  const root = workingDataRoot(outdir);
  const lock = lockFile ? fs.readFileSync(lockFile) : undefined;
  for (const stack of fs.readdirSync(stacks)) {
    const stackDir = path.join(stacks, stack);
    const stackFile = path.join(stackDir, 'cdk.tf.json');
    if (!fs.existsSync(stackFile)) continue;
    const key = backendKey(JSON.parse(fs.readFileSync(stackFile, 'utf8')) as StackJson);
    const data = path.join(root, stack, key);
    fs.mkdirSync(data, { recursive: true });
    const now = new Date();
    fs.utimesSync(data, now, now);
    fs.symlinkSync(path.relative(stackDir, data), path.join(stackDir, '.terraform'));
    if (lock) fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), lock);
    removeUnusedThrowaways(path.join(root, stack), key, now.getTime());
  }
}

function removeUnusedThrowaways(stackRoot: string, current: string, now: number): void {
  for (const entry of fs.readdirSync(stackRoot)) {
    if (entry === current || entry === 'real') continue;
    const full = path.join(stackRoot, entry);
    if (now - fs.statSync(full).mtimeMs > UNUSED_THROWAWAY_MS) fs.rmSync(full, { recursive: true, force: true });
  }
}
