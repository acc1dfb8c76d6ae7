import * as path from 'path';
import { Command } from 'commander';
import picomatch from 'picomatch';
import { UsageError } from '../lib/deployment/synth-target';
import { evaluateStack, POLICY_RULES } from '../lib/policy-pack/policy-pack';
import type { PolicyRule } from '../lib/policy-pack/policy-rule';
import { PolicyReport, PolicyViolationError } from '../lib/policy-pack/policy-report';
import { awsTypeIsTaggable } from '../lib/policy-pack/provider-tagging';
import { readSynthesizedStacks, SynthesizedOutputError } from '../lib/policy-pack/synthesized-output';

/** Options of `npm run policy`. */
interface PolicyCliOptions {
  readonly include?: string[];
  readonly exclude?: string[];
  readonly requiredTags?: string[];
  readonly enable?: string[];
  readonly listRules?: boolean;
}

function listRules(): string {
  const line = (rule: PolicyRule): string =>
    `${rule.id.padEnd(8)}${rule.name}${rule.optIn ? ' (opt-in)' : ''}: ${rule.reason} [${rule.sources.join('; ')}]`;
  return `${POLICY_RULES.map(line).join('\n')}\n`;
}

function execute(outdir: string, options: PolicyCliOptions): number {
  if (options.listRules) {
    process.stdout.write(listRules());
    return 0;
  }
  const unknown = (options.enable ?? []).filter((id) => !POLICY_RULES.some((rule) => rule.id === id && rule.optIn));
  if (unknown.length > 0)
    throw new UsageError(
      `--enable ${unknown.join(' ')}: allowed: the opt-in rules ${POLICY_RULES.filter((r) => r.optIn)
        .map((r) => r.id)
        .join(', ')}`,
    );
  const included = options.include ? picomatch(options.include) : () => true;
  const excluded = options.exclude ? picomatch(options.exclude) : () => false;
  const stacks = readSynthesizedStacks(outdir).filter((s) => included(s.name) && !excluded(s.name));
  if (stacks.length === 0) throw new UsageError(`the filters select no stack of ${outdir}`);
  const report = new PolicyReport();
  for (const stack of stacks) {
    if (!stack.policy && !options.requiredTags)
      process.stderr.write(
        `note: ${stack.name} records no policy settings (not synthesized by this project?): ` +
          'no required tags checked; pass --required-tags\n',
      );
    report.add(
      evaluateStack(stack, {
        isTaggable: awsTypeIsTaggable,
        ...(options.requiredTags ? { requiredTags: options.requiredTags } : {}),
        ...(options.enable ? { enabledRules: options.enable } : {}),
      }),
    );
  }
  if (!report.failed) {
    process.stdout.write(report.summary());
    return 0;
  }
  const error = new PolicyViolationError(report);
  process.stderr.write(
    `${error.problems.length === 1 ? 'Policy violation' : `${error.problems.length} policy violations`} ` +
      `in ${outdir}:\n${error.message}\n`,
  );
  return 1;
}

const program = new Command('policy')
  .description(
    'Runs the policy pack over a synthesized cdktf output folder, as every synth does: ' +
      'the same rules, the suppressions recorded in each stack.',
  )
  .argument('[outdir]', 'the cdktf output folder', 'cdktf.out')
  .option('--include <globs...>', 'stack name globs to check, such as "prod-*"')
  .option('--exclude <globs...>', 'stack name globs to leave out')
  .option('--required-tags <keys...>', 'required tags, instead of those recorded in each stack')
  .option('--enable <rules...>', 'opt-in rules to run, instead of those recorded in each stack')
  .option('--list-rules', 'print the rules of the pack and exit')
  .action((outdir: string, options: PolicyCliOptions) => {
    process.exitCode = execute(path.resolve(outdir), options);
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (!(error instanceof UsageError || error instanceof SynthesizedOutputError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
