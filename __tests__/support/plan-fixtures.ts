import * as fs from 'fs';
import * as path from 'path';
import type { ResourceChange, TerraformPlan } from '../../lib/plan-review/terraform-plan';

/** A resource change as `terraform show -json` writes it, from the parts a test cares about. */
export function resourceChange(
  address: string,
  actions: ResourceChange['change']['actions'],
  change: Partial<ResourceChange['change']> = {},
  extra: Partial<ResourceChange> = {},
): ResourceChange {
  const [type, name] = address.split('.') as [string, string];
  return {
    address,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions,
      before: null,
      after: null,
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
      ...change,
    },
    ...extra,
  };
}

/** A plan of these resource changes. */
export function planOf(resourceChanges: readonly ResourceChange[], extra: Partial<TerraformPlan> = {}): TerraformPlan {
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: [...resourceChanges], ...extra };
}

/** A stack of a fabricated synth output. */
export interface FixtureStack {
  /** `<environment>-<module>`. */
  readonly name: string;
  /** Stacks it reads. */
  readonly dependencies?: readonly string[];
  /** Its `//.platform` block, past environment and module (synth_mode: real unless given). */
  readonly metadata?: Record<string, unknown>;
  /** Its Terraform JSON past the `//` block. */
  readonly terraform?: Record<string, unknown>;
}

/** Writes a synth output folder as the app does: manifest.json and stacks/<name>/cdk.tf.json. */
export function writeSynthOutput(outdir: string, stacks: readonly FixtureStack[]): void {
  const manifest: Record<string, unknown> = {};
  for (const stack of stacks) {
    const [environment, ...rest] = stack.name.split('-');
    const directory = path.join(outdir, 'stacks', stack.name);
    fs.mkdirSync(directory, { recursive: true });
    const content = {
      '//': { platform: { environment, module: rest.join('-'), synth_mode: 'real', ...stack.metadata } },
      ...(stack.terraform ?? {}),
    };
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), JSON.stringify(content, null, 2));
    manifest[stack.name] = {
      name: stack.name,
      workingDirectory: `stacks/${stack.name}`,
      synthesizedStackPath: `stacks/${stack.name}/cdk.tf.json`,
      dependencies: stack.dependencies ?? [],
    };
  }
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: manifest }, null, 2));
}

/** Saves plans as run-all does: <planDir>/<stack>.json. */
export function writePlans(planDir: string, plans: Readonly<Record<string, TerraformPlan>>): void {
  fs.mkdirSync(planDir, { recursive: true });
  for (const [stack, plan] of Object.entries(plans))
    fs.writeFileSync(path.join(planDir, `${stack}.json`), JSON.stringify(plan));
}
