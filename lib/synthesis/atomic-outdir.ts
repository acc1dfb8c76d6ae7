import * as fs from 'fs';
import * as path from 'path';

/**
 * Runs `write` into a fresh staging folder beside `outdir`, then swaps it in. A failure leaves
 * the previous output untouched; a success replaces it whole. Files Terraform keeps in each stack
 * folder (.terraform/, the lock file, saved plans) carry over, so a new synth does not force a
 * new `terraform init`.
 */
export function writeAtomically(outdir: string, write: (stagingDir: string) => void): void {
  const target = path.resolve(outdir);
  const staging = fs.mkdtempSync(`${target}.staging-`);
  try {
    write(staging);
    carryOverTerraformFiles(target, staging);
    swapIn(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function carryOverTerraformFiles(previous: string, next: string): void {
  const previousStacks = path.join(previous, 'stacks');
  const nextStacks = path.join(next, 'stacks');
  if (!fs.existsSync(previousStacks) || !fs.existsSync(nextStacks)) return;
  for (const stack of fs.readdirSync(nextStacks)) {
    const from = path.join(previousStacks, stack);
    if (!fs.existsSync(from)) continue;
    const to = path.join(nextStacks, stack);
    for (const entry of fs.readdirSync(from)) {
      if (!fs.existsSync(path.join(to, entry))) fs.renameSync(path.join(from, entry), path.join(to, entry));
    }
  }
}

/** Puts the finished `staging` folder at `target`, replacing what was there; on failure `target` is as it was. */
export function swapIn(staging: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return;
  }
  const retired = `${target}.retired-${process.pid}`;
  fs.renameSync(target, retired);
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    fs.renameSync(retired, target);
    throw error;
  }
  fs.rmSync(retired, { recursive: true, force: true });
}
