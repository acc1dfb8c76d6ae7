import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import type { StackCommand } from './stack-command-names';
import { readSynthesizedStacks } from './synthesized-stacks';

/** The run-all command each cdktf-cli command stands for, as far as hooks go. */
const CDKTF_COMMANDS: Readonly<Record<string, StackCommand>> = {
  deploy: 'apply',
  apply: 'apply',
  destroy: 'destroy',
  diff: 'plan',
  plan: 'plan',
};

/**
 * What to tell someone who ran `npm run cdktf -- <command> <stacks>`: cdktf-cli runs Terraform
 * itself and knows nothing of hooks, so the hooks of those stacks did not run. Undefined when none
 * of the stacks (as cdktf.out now holds them) has a hook for the command.
 */
export function hooksLeftOut(outdir: string, args: readonly string[]): string | undefined {
  const [cdktfCommand, ...rest] = args.filter((a) => !a.startsWith('-'));
  const command = cdktfCommand === undefined ? undefined : CDKTF_COMMANDS[cdktfCommand];
  if (command === undefined || !fs.existsSync(path.join(outdir, 'manifest.json'))) return undefined;
  const named = rest.length > 0 ? picomatch(rest) : () => true;
  const left = readSynthesizedStacks(outdir)
    .filter((s) => named(s.name))
    .flatMap((s) => s.hooks.filter((h) => h.commands.includes(command)).map((h) => `${s.name}: ${h.name} (${h.when})`));
  if (left.length === 0) return undefined;
  return (
    `note: cdktf ${cdktfCommand} runs no hooks; these were not run: ${left.join(', ')}. npm run all -- ` +
    `${command} --include <stack> runs a stack between its hooks.`
  );
}
