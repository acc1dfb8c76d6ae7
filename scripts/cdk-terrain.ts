import * as path from 'path';
import { Command } from 'commander';
import { LaneStepError, runCdkTerrainLane } from '../lib/cdk-terrain/cdk-terrain-lane';
import { UsageError } from '../lib/deployment/synth-target';

/**
 * The CDK Terrain lane (docs/cdk-terrain.md): proves that switching from cdktf to CDK Terrain changes
 * nothing Terraform is given, or makes the switch.
 *
 *   npm run cdktn:check                # in a scratch copy; this checkout is left as it is
 *   npm run cdktn:check -- --apply     # switch this checkout (restored if a check fails)
 */
const program = new Command('cdk-terrain')
  .description(
    'Switches the project to CDK Terrain (cdktn) in a scratch copy, or in this checkout with --apply, and checks ' +
      'the switch: npm install; every synth mode of the platform and of each example compared with the cdktf ' +
      'build (only metadata may differ); terraform validate of a stack.',
  )
  .option('--apply', 'switch this checkout: package.json, package-lock.json and node_modules')
  .option('--stack <name>', 'the stack terraform validate runs on', 'dev-batch')
  .option('--keep', 'keep the scratch copy and the synthesized builds')
  .action(async (options: { apply?: boolean; stack: string; keep?: boolean }) => {
    const report = await runCdkTerrainLane({
      projectRoot: path.resolve(__dirname, '..'),
      apply: options.apply ?? false,
      validateStack: options.stack,
      keep: options.keep ?? false,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    process.stdout.write(
      `CDK Terrain lane, Node.js ${process.version}:\n${report.lines.map((l) => `- ${l}`).join('\n')}\n`,
    );
    if (report.ok && options.apply)
      process.stdout.write('Switched: review and commit package.json and package-lock.json (docs/cdk-terrain.md).\n');
    if (!report.ok) process.stdout.write('The switch changes what Terraform is given: see the differences above.\n');
    process.exitCode = report.ok ? 0 : 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (!(error instanceof UsageError || error instanceof LaneStepError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
});
