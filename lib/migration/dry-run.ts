import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import pLimit from 'p-limit';
import { withPluginCacheLock } from '../terraform-cli/plugin-cache-lock';
import { runTerraform } from '../terraform-cli/terraform-process';

/** One Terraform configuration to plan: a migrated stack, or the workspace that retires a state. */
export interface DryRunWorkspace {
  /** Its name: the stack's, or `retire/<unit>`. */
  readonly name: string;
  /** The Terraform JSON. */
  readonly json: Record<string, unknown>;
  /** The state it takes over, as stored (copied, never written back); none for a new state. */
  readonly stateText?: string;
  /** The S3 key its state lives at, so that dependents read the copy in its place. */
  readonly stateKey?: string;
}

/** What to plan with. */
export interface DryRunOptions {
  /** Environment of Terraform (the project's CLI config and plugin cache). */
  readonly env: NodeJS.ProcessEnv;
  /** Refresh against AWS (the real check); without, the plan compares with the states alone. */
  readonly refresh: boolean;
  /** Plans at once. */
  readonly parallelism: number;
  /** Progress, a line at a time. */
  readonly log: (line: string) => void;
  /** Extra files written into each workspace (the local AWS's provider override, in tests). */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Keep the work folder (for looking into a failed plan). */
  readonly keepWorkDir?: string;
}

/** An updated resource and which of its arguments change. */
export interface PlannedUpdate {
  /** Address. */
  readonly address: string;
  /** Top-level arguments that change. */
  readonly attributes: readonly string[];
  /** Why, when the report knows. */
  readonly why?: string;
}

/** One workspace's plan, summed up. */
export interface DryRunPlan {
  /** The workspace. */
  readonly workspace: string;
  /** Created. */
  readonly create: readonly string[];
  /** Updated in place. */
  readonly update: readonly PlannedUpdate[];
  /** Replaced (destroyed and created). */
  readonly replace: readonly PlannedUpdate[];
  /** Destroyed. */
  readonly destroy: readonly string[];
  /** Imported. */
  readonly import: readonly string[];
  /** Moved: from and to. */
  readonly move: readonly { readonly from: string; readonly to: string }[];
  /** Forgotten (removed blocks). */
  readonly forget: readonly string[];
  /** Why it could not be planned. */
  readonly error?: string;
}

/** The dry run's outcome. */
export interface DryRunReport {
  /** Whether the plans refreshed against AWS. */
  readonly refresh: boolean;
  /** One per workspace. */
  readonly plans: readonly DryRunPlan[];
}

interface PlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly previous_address?: string;
    readonly mode?: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: Record<string, unknown> | null;
      readonly after?: Record<string, unknown> | null;
      readonly importing?: unknown;
    };
  }[];
}

/**
 * Plans every workspace with the real Terraform against local copies of the states, as
 * tfmigrate's `plan` does: each backend becomes a local file holding a copy of the state it
 * takes over, and each remote state a dependent reads becomes that copy, so nothing is read from
 * or written to the state bucket and the remote states are never touched. Says per workspace
 * what its first plan would create, update, replace, destroy, import, move and forget.
 */
export async function dryRun(workspaces: readonly DryRunWorkspace[], options: DryRunOptions): Promise<DryRunReport> {
  const work = options.keepWorkDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'migration-dry-run-'));
  fs.mkdirSync(work, { recursive: true });
  const stateFiles = new Map<string, string>();
  for (const workspace of workspaces.filter((w) => w.stateKey !== undefined)) {
    const file = path.join(work, 'states', `${workspace.name.replace(/[^A-Za-z0-9_-]/g, '_')}.tfstate`);
    stateFiles.set(workspace.stateKey!, file);
  }
  try {
    for (const workspace of workspaces) {
      if (workspace.stateText === undefined || workspace.stateKey === undefined) continue;
      const file = stateFiles.get(workspace.stateKey)!;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, workspace.stateText);
    }
    const limit = pLimit(Math.max(1, options.parallelism));
    const plans = await Promise.all(
      workspaces.map((workspace) =>
        limit(async () => {
          const dir = path.join(work, 'workspaces', workspace.name.replace(/[^A-Za-z0-9_-]/g, '_'));
          fs.mkdirSync(dir, { recursive: true });
          const json = localized(workspace, stateFiles, path.join(dir, 'new.tfstate'));
          fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(json, null, 2));
          for (const [name, content] of Object.entries(options.extraFiles ?? {}))
            fs.writeFileSync(path.join(dir, name), content);
          const plan = await planWorkspace(workspace.name, dir, options);
          options.log(`  dry run ${workspace.name}: ${summary(plan)}`);
          return plan;
        }),
      ),
    );
    return { refresh: options.refresh, plans };
  } finally {
    if (!options.keepWorkDir) fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The workspace's configuration with its backend and the remote states it reads pointed at local copies. */
function localized(
  workspace: DryRunWorkspace,
  stateFiles: ReadonlyMap<string, string>,
  newState: string,
): Record<string, unknown> {
  const json = structuredClone(workspace.json) as {
    terraform?: Record<string, unknown>;
    data?: Record<string, Record<string, Record<string, unknown>>>;
  };
  const own = workspace.stateKey !== undefined ? stateFiles.get(workspace.stateKey) : undefined;
  // A copy per workspace: a plan may write a lock beside it, and two workspaces never share one.
  let statePath = newState;
  if (own && fs.existsSync(own)) {
    statePath = path.join(path.dirname(newState), 'taken-over.tfstate');
    fs.copyFileSync(own, statePath);
  }
  json.terraform = { ...(json.terraform ?? {}), backend: { local: { path: statePath } } };
  const remote = json.data?.terraform_remote_state ?? {};
  const readKeys = new Set<string>();
  for (const data of Object.values(remote)) {
    const key = (data.config as { key?: string } | undefined)?.key;
    if (key === undefined) continue;
    readKeys.add(key);
    const file = stateFiles.get(key);
    const exists = file !== undefined && fs.existsSync(file);
    data.backend = 'local';
    data.config = { path: exists ? file : path.join(path.dirname(newState), 'absent.tfstate') };
    data.count = exists ? 1 : 0;
  }
  // The existence checks of the upstream states list the bucket: the copies stand in for it.
  const objects = json.data?.aws_s3_objects ?? {};
  for (const [name, data] of Object.entries(objects))
    if (typeof data.prefix === 'string' && readKeys.has(data.prefix)) delete objects[name];
  if (json.data && Object.keys(objects).length === 0) delete json.data.aws_s3_objects;
  return json as Record<string, unknown>;
}

async function planWorkspace(name: string, dir: string, options: DryRunOptions): Promise<DryRunPlan> {
  const empty = { workspace: name, create: [], update: [], replace: [], destroy: [], import: [], move: [], forget: [] };
  const init = await withPluginCacheLock(options.env, () =>
    runTerraform(['init', '-input=false', '-no-color'], { cwd: dir, env: options.env }),
  );
  if (init.exitCode !== 0) return { ...empty, error: `terraform init failed: ${lastLines(init.stderr)}` };
  const plan = await runTerraform(
    ['plan', '-input=false', '-no-color', '-lock=false', `-refresh=${options.refresh}`, '-out=dry-run.tfplan'],
    { cwd: dir, env: options.env },
  );
  if (plan.exitCode !== 0) return { ...empty, error: `terraform plan failed: ${lastLines(plan.stderr)}` };
  const show = await runTerraform(['show', '-json', '-no-color', 'dry-run.tfplan'], { cwd: dir, env: options.env });
  if (show.exitCode !== 0) return { ...empty, error: `terraform show failed: ${lastLines(show.stderr)}` };
  return summarize(name, JSON.parse(show.stdout) as PlanJson);
}

/** What a plan does, resource by resource. */
export function summarize(workspace: string, plan: PlanJson): DryRunPlan {
  const create: string[] = [];
  const update: PlannedUpdate[] = [];
  const replace: PlannedUpdate[] = [];
  const destroy: string[] = [];
  const imports: string[] = [];
  const move: { from: string; to: string }[] = [];
  const forget: string[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode === 'data') continue;
    const actions = change.change.actions;
    if (change.change.importing !== undefined && change.change.importing !== null) imports.push(change.address);
    if (change.previous_address && change.previous_address !== change.address)
      move.push({ from: change.previous_address, to: change.address });
    const changed = changedAttributes(change.change.before ?? {}, change.change.after ?? {});
    if (actions.includes('forget')) forget.push(change.address);
    else if (actions.includes('delete') && actions.includes('create'))
      replace.push({ address: change.address, attributes: changed });
    else if (actions.includes('delete')) destroy.push(change.address);
    else if (actions.includes('create')) create.push(change.address);
    else if (actions.includes('update')) update.push({ address: change.address, attributes: changed });
  }
  return { workspace, create, update, replace, destroy, import: imports, move, forget };
}

/** Top-level arguments whose planned value differs from the prior one (unknown values count as changing). */
function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .sort();
}

function summary(plan: DryRunPlan): string {
  if (plan.error) return plan.error.split('\n')[0]!;
  const parts = [
    `${plan.create.length} to create`,
    `${plan.update.length} to update`,
    `${plan.replace.length} to replace`,
    `${plan.destroy.length} to destroy`,
    `${plan.import.length} imported`,
    `${plan.move.length} moved`,
    `${plan.forget.length} forgotten`,
  ];
  return parts.join(', ');
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-12).join('\n');
}
