import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../deployment/synth-target';
import { PROVENANCE_SUFFIX, readProvenance } from '../orchestration/saved-plan-record';
import { readSynthesizedStacks } from '../orchestration/synthesized-stacks';
import { parseTerraformPlan, type TerraformPlan } from './terraform-plan';

/** A synthesized stack and its saved plan, when it was planned. */
export interface StackPlan {
  /** Stack name, `<environment>-<module>`. */
  readonly name: string;
  /** Environment of the stack. */
  readonly environment: string;
  /** Module of the stack. */
  readonly module: string;
  /** Stacks whose outputs it reads. */
  readonly dependencies: readonly string[];
  /** Why the plan read mock outputs instead of upstream state, when it did; the real plan may differ. */
  readonly provisional?: string;
  /** The plan as `terraform show -json` wrote it, when the stack was planned. */
  readonly plan?: TerraformPlan;
  /** The saved plan's file, relative to the working directory. */
  readonly planFile?: string;
}

/** Where run-all left its output. */
export interface SavedPlansLocation {
  /** The synth output folder (cdktf.out), for the stacks, their graph and their metadata. */
  readonly outdir: string;
  /** The folder of saved plans, `<stack>.json` each (cdktf.out/plans). */
  readonly planDir: string;
  /** A missing plan folder means no stack was planned (the affected-stack selection found none), not a mistake. */
  readonly planDirMayBeMissing?: boolean;
}

/** What the app writes in a stack's `//.platform` block; the fields past synth_mode may come later. */
interface PlatformMetadata {
  readonly synth_mode?: string;
  readonly provisional?: unknown;
  readonly mock_outputs?: unknown;
}

/**
 * Every synthesized stack (manifest order) with its saved plan. A plan is provisional when its
 * stack was synthesized offline, or when the stack's metadata says it reads mock outputs
 * (`provisional: true`, or a non-empty `mock_outputs` list or map); nothing else in the saved plan is trusted for it.
 */
export function readSavedPlans(location: SavedPlansLocation): StackPlan[] {
  const stacks = readSynthesizedStacks(location.outdir);
  const known = new Set(stacks.map((s) => s.name));
  const missing = !fs.existsSync(location.planDir);
  if ((missing && !location.planDirMayBeMissing) || (!missing && !fs.statSync(location.planDir).isDirectory())) {
    throw new UsageError(
      `${display(location.planDir)} is not a folder of saved plans; ` +
        'run `npm run all -- plan` first (it saves each plan as <stack>.json)',
    );
  }
  const planFiles = missing
    ? []
    : fs
        .readdirSync(location.planDir)
        .filter((f) => f.endsWith('.json') && !f.endsWith(PROVENANCE_SUFFIX))
        .sort();
  const strangers = planFiles.map((f) => f.slice(0, -'.json'.length)).filter((name) => !known.has(name));
  if (strangers.length > 0) {
    throw new UsageError(
      `${display(location.planDir)} holds plans of stacks that ${display(location.outdir)} does not have: ` +
        `${strangers.join(', ')}; the plans and the synth output must come from the same run`,
    );
  }
  return stacks.map((stack) => {
    const file = path.join(location.planDir, `${stack.name}.json`);
    const metadata = readMetadata(path.join(stack.directory, 'cdk.tf.json'));
    const mocked = readProvenance(location.planDir, stack.name)?.mockedUpstreams ?? [];
    const provisional = provisionalReason(metadata, mocked);
    const planned = fs.existsSync(file);
    return {
      name: stack.name,
      environment: stack.environment,
      module: stack.module,
      dependencies: stack.dependencies,
      ...(provisional !== undefined ? { provisional } : {}),
      ...(planned
        ? { plan: parseTerraformPlan(fs.readFileSync(file, 'utf8'), display(file)), planFile: display(file) }
        : {}),
    };
  });
}

function readMetadata(stackFile: string): PlatformMetadata {
  const content = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { '//'?: { platform?: PlatformMetadata } };
  return content['//']?.platform ?? {};
}

function provisionalReason(metadata: PlatformMetadata, mockedUpstreams: readonly string[]): string | undefined {
  if (metadata.synth_mode === 'offline')
    return 'synthesized offline: mock upstream outputs and no state, so every resource shows as created';
  if (mockedUpstreams.length > 0)
    return `planned with mock outputs of ${mockedUpstreams.join(', ')}, whose state has no outputs yet`;
  if (metadata.provisional === true || hasEntries(metadata.mock_outputs))
    return 'planned with mock outputs of an upstream stack that has no state yet';
  return undefined;
}

function hasEntries(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

function display(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
