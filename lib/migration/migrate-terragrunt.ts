import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../deployment/synth-target';
import { swapIn } from '../synthesis/atomic-outdir';
import { attributeChanges } from './attribute-changes';
import { layerConfiguration } from './config-layers';
import { findStateFile, readStateFile } from './existing-state';
import { type HclObject, type HclValue, Untranslatable } from './hcl-values';
import { MigrationNotes } from './migration-notes';
import { CREATED_REASONS, type MigrationReport, renderReport, type StackReport } from './migration-report';
import { loadResourceSchemas, type ResourceSchemas } from './provider-schema';
import { type AdoptionPlan, adoptionSettings, importIdOf, planAdoption, type UnitState } from './resource-matching';
import { resourcesOf, StackEvaluation, type SynthesizedStackJson } from './stack-evaluation';
import { TerragruntReader } from './terragrunt-config';
import { groupUnits, type PlatformModule } from './terragrunt-tree';
import { translateEnvironment } from './translate-environment';

/** Builds an environment's stacks from a configuration folder: the app, as run-app.js runs it (injected, so lib/ never imports main.ts). */
export type SynthesizeEnvironments = (configRoot: string) => Promise<readonly SynthesizedStackJson[]>;

/** What to migrate and where. */
export interface MigrationOptions {
  /** The Terragrunt live tree. */
  readonly terragruntRoot: string;
  /** Folder to write config/, batch-json/ and the report to; replaced whole, only if it is empty or an earlier migration's. */
  readonly outDir: string;
  /** Existing states of the units (terraform state pull or show -json), when resources are to be adopted. */
  readonly stateDir?: string;
  /** The project's config/defaults.json, for what the tree does not say. */
  readonly projectDefaults: Readonly<Record<string, unknown>>;
  /** Builds and synthesizes the stacks of a configuration folder. */
  readonly synthesize: SynthesizeEnvironments;
  /** Environment for Terraform (the provider schema); without it, arguments left to provider defaults are not compared. */
  readonly terraformEnv?: NodeJS.ProcessEnv;
  /** Where the provider schema is cached. */
  readonly schemaCacheDir?: string;
}

/** What a migration wrote. */
export interface MigrationResult {
  /** The report. */
  readonly report: MigrationReport;
  /** Files written, relative to the output folder. */
  readonly files: readonly string[];
}

const REPORT_JSON = 'migration-report.json';
const REPORT_MARKDOWN = 'migration-report.md';

/**
 * Migrates a Terragrunt live tree of the platform: translates it into config/ and batch-json/,
 * matches the existing resources of the units' states to the new stacks' resources and writes
 * the moved, import and removed blocks that adopt them (config `adoption`), with the upstream
 * outputs the states hold as mock outputs until each upstream stack is applied, and writes a
 * report of every resource adopted, every attribute that changes and why, and what is left.
 * Writes into a staging folder and swaps it in only when everything loads.
 */
export async function migrateTerragrunt(options: MigrationOptions): Promise<MigrationResult> {
  const root = path.resolve(options.terragruntRoot);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
    throw new UsageError(`--terragrunt ${options.terragruntRoot}: not a folder`);
  if (options.stateDir && !fs.existsSync(options.stateDir))
    throw new UsageError(`--state-dir ${options.stateDir}: not a folder`);
  const outDir = path.resolve(options.outDir);
  assertReplaceable(outDir);
  const notes = new MigrationNotes();

  const units = await new TerragruntReader(root).units();
  if (units.length === 0)
    throw new UsageError(
      `${root}: no Terragrunt unit (a terragrunt.hcl with a terraform source or an include) below this folder`,
    );
  for (const unit of units) unit.warnings.forEach((w) => notes.warn(unit.relativePath, w));
  const tree = groupUnits(units);
  if (tree.unplaced.length > 0)
    throw new UsageError(
      tree.unplaced.map((u) => `${path.join(u.unit.dir, 'terragrunt.hcl')}: ${u.reason}`).join('\n'),
    );
  const modulesByDir = new Map<string, PlatformModule>();
  for (const environment of tree.environments)
    for (const [module, unit] of Object.entries(environment.units))
      modulesByDir.set(unit!.dir, module as PlatformModule);

  const translated = [];
  for (const environment of tree.environments)
    translated.push(await translateEnvironment(environment, options.projectDefaults, modulesByDir, notes));
  const files = layerConfiguration(translated.map((t) => t.draft));
  const configFiles: Record<string, string> = {};
  for (const t of translated) {
    for (const [name, content] of Object.entries(t.configFiles)) {
      if (configFiles[name] !== undefined && configFiles[name] !== content)
        notes.warn(
          `config/${name}`,
          `environments have different ${name} files; the first is kept: give the others another name in their launch-template.json override`,
        );
      configFiles[name] ??= content;
    }
  }

  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const staging = fs.mkdtempSync(`${outDir}.staging-`);
  try {
    writeFiles(staging, files, configFiles);
    const first = await options.synthesize(staging);

    // Existing states and what adopts what, environment by environment.
    const plans = new Map<
      string,
      { plan: AdoptionPlan; stacks: readonly SynthesizedStackJson[]; unitStates: readonly UnitState[] }
    >();
    for (const environment of tree.environments) {
      const stacks = first.filter(
        (s) =>
          environmentOf(
            s,
            tree.environments.map((e) => e.name),
          ) === environment.name,
      );
      const unitStates: UnitState[] = [];
      for (const unit of Object.values(environment.units)) {
        const config = unit!.remoteState?.config;
        if (!options.stateDir || !config || typeof config.bucket !== 'string' || typeof config.key !== 'string')
          continue;
        const file = findStateFile(options.stateDir, unit!.relativePath, config.key);
        if (!file) {
          notes.warn(
            unit!.relativePath,
            `no state file in ${options.stateDir} (looked for ${config.key}, ${unit!.relativePath}.json and .tfstate): its resources are not adopted, and the first plan would create them again`,
          );
          continue;
        }
        unitStates.push({
          unit: unit!.relativePath,
          location: { bucket: config.bucket, key: config.key },
          state: readStateFile(file),
        });
      }
      plans.set(environment.name, { plan: await planAdoption(stacks, unitStates), stacks, unitStates });
    }

    // Adoption and, until each upstream is applied, its outputs as the states hold them.
    for (const environment of tree.environments) {
      const { plan, stacks } = plans.get(environment.name)!;
      const envFile = `config/environments/${environment.name}.json`;
      const settings = files[envFile] as Record<string, unknown>;
      const adoption = adoptionSettings(plan, (stack) => stack.slice(environment.name.length + 1));
      if (Object.keys(adoption).length > 0) settings.adoption = adoption;
      const mocks = await observedOutputs(plan, stacks);
      if (Object.keys(mocks).length > 0) {
        settings.dependencies = { mock_outputs_merge_strategy: 'shallow', mock_outputs: mocks };
        notes.info(
          envFile,
          'dependencies: until a stack is applied, its old state holds the old module\'s outputs; its dependents read these values (taken from the adopted resources) in their place, so their first plans are provisional but exact. Delete "dependencies" once every stack is applied.',
        );
      }
    }
    writeFiles(staging, files, configFiles);
    const final = await options.synthesize(staging);

    const schemas = options.terraformEnv ? await schemasFor(final, options, notes) : undefined;
    if (!options.terraformEnv)
      notes.info(
        'report',
        'no Terraform environment: arguments the old modules set and the new stacks leave to the provider default are not compared',
      );
    const environments = [];
    const leftInOldStates: { unit: string; address: string }[] = [];
    for (const environment of tree.environments) {
      const { plan, unitStates } = plans.get(environment.name)!;
      const stacks = final.filter(
        (s) =>
          environmentOf(
            s,
            tree.environments.map((e) => e.name),
          ) === environment.name,
      );
      environments.push({ name: environment.name, stacks: await stackReports(plan, stacks, schemas) });
      for (const left of plan.unmatched.filter((u) => !u.forgottenBy))
        leftInOldStates.push({ unit: left.unitState.unit, address: left.instance.address });
      if (options.stateDir && unitStates.length === 0)
        notes.warn(`environment ${environment.name}`, 'no state found for any unit: nothing is adopted');
    }
    const report: MigrationReport = {
      terragrunt: root,
      ...(options.stateDir ? { stateDir: path.resolve(options.stateDir) } : {}),
      environments,
      leftInOldStates,
      notes: notes.all,
    };
    fs.writeFileSync(path.join(staging, REPORT_JSON), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(staging, REPORT_MARKDOWN), renderReport(report));
    swapIn(staging, outDir);
    return {
      report,
      files: [
        ...Object.keys(files),
        ...Object.keys(configFiles).map((f) => `config/${f}`),
        REPORT_JSON,
        REPORT_MARKDOWN,
      ].sort(),
    };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The outputs of each upstream stack as its adopted resources give them, in the shape `dependencies.mock_outputs` takes. */
async function observedOutputs(
  plan: AdoptionPlan,
  stacks: readonly SynthesizedStackJson[],
): Promise<Record<string, Record<string, unknown>>> {
  const adopted = new Map(plan.matches.map((m) => [`${m.resource.stack} ${m.resource.address}`, m.instance]));
  const evaluation = new StackEvaluation(stacks, (stack, address) => adopted.get(`${stack} ${address}`));
  const out: Record<string, Record<string, unknown>> = {};
  // Only upstream stacks: those another stack reads through terraform_remote_state.
  const readKeys = new Set(
    stacks.flatMap((s) =>
      Object.values(s.json.data?.terraform_remote_state ?? {}).map(
        (d) => (d.config as { key?: string } | undefined)?.key,
      ),
    ),
  );
  for (const stack of stacks.filter(
    (s) =>
      readKeys.has(s.state.key) &&
      (plan.takesOver.has(s.name) || plan.matches.some((m) => m.resource.stack === s.name)),
  )) {
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(await evaluation.outputs(stack.name))) {
      if (isMockShape(value)) outputs[name] = value;
    }
    if (Object.keys(outputs).length > 0) out[stack.module] = outputs;
  }
  return out;
}

/** A string, a list of strings or a map of strings: what a mock output may be. */
function isMockShape(value: HclValue): boolean {
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string');
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Untranslatable) &&
    Object.values(value as HclObject).every((v) => typeof v === 'string')
  );
}

async function schemasFor(
  stacks: readonly SynthesizedStackJson[],
  options: MigrationOptions,
  notes: MigrationNotes,
): Promise<ResourceSchemas | undefined> {
  const types = [...new Set(stacks.flatMap((s) => resourcesOf(s).map((r) => r.type)))];
  const required =
    (stacks[0]?.json as { terraform?: { required_providers?: Record<string, unknown> } } | undefined)?.terraform
      ?.required_providers ?? {};
  try {
    return await loadResourceSchemas(
      required,
      types,
      options.terraformEnv!,
      options.schemaCacheDir ?? path.join(options.outDir, '..', '.tf-cache'),
    );
  } catch (error) {
    notes.warn(
      'report',
      `the provider schema could not be read (${(error as Error).message.split('\n')[0]}): arguments left to provider defaults are not compared`,
    );
    return undefined;
  }
}

async function stackReports(
  plan: AdoptionPlan,
  stacks: readonly SynthesizedStackJson[],
  schemas: ResourceSchemas | undefined,
): Promise<StackReport[]> {
  const adopted = new Map(plan.matches.map((m) => [`${m.resource.stack} ${m.resource.address}`, m.instance]));
  const evaluation = new StackEvaluation(stacks, (stack, address) => adopted.get(`${stack} ${address}`));
  const reports: StackReport[] = [];
  for (const stack of stacks) {
    const defaultTags =
      (
        (
          stack.json as {
            provider?: { aws?: { default_tags?: { tags?: Record<string, string> }[]; alias?: string }[] };
          }
        ).provider?.aws ?? []
      ).find((p) => !p.alias)?.default_tags?.[0]?.tags ?? {};
    const matches = plan.matches.filter((m) => m.resource.stack === stack.name);
    const changes = [];
    for (const match of matches) {
      const config = await evaluation.configOf(stack.name, match.resource);
      for (const change of attributeChanges(
        match.resource.type,
        schemas?.get(match.resource.type),
        config,
        match.instance.attributes,
        defaultTags,
      ))
        changes.push({ address: match.resource.address, ...change });
    }
    const takesOver = plan.takesOver.get(stack.name);
    reports.push({
      stack: stack.name,
      module: stack.module,
      state: { ...stack.state, ...(takesOver ? { takesOver: takesOver.unit } : {}) },
      adopted: matches.map((m) => ({
        address: m.resource.address,
        from: m.instance.address,
        unit: m.unitState.unit,
        how: m.how,
        identity: m.identity,
        ...(m.how === 'imported' ? { importId: importIdOf(m.instance) } : {}),
      })),
      changes,
      created: plan.created
        .filter((r) => r.stack === stack.name)
        .map((r) => ({
          address: r.address,
          why: CREATED_REASONS[r.type] ?? 'the new stack has it; no existing resource matched it by identity',
        })),
      forgotten: [
        ...plan.handedOver
          .filter((h) => h.forgottenBy === stack.name)
          .map((h) => ({ from: h.instance.address, reason: `adopted by ${h.adoptedBy} (import block)` })),
        ...plan.unmatched
          .filter((u) => u.forgottenBy === stack.name)
          .map((u) => ({
            from: u.instance.address,
            reason:
              'no counterpart in the new stacks: it stays in AWS, no longer managed; delete it by hand once nothing needs it',
          })),
      ],
    });
  }
  return reports;
}

/** The environment of a stack: the longest environment name its name starts with. */
function environmentOf(stack: SynthesizedStackJson, environments: readonly string[]): string | undefined {
  return environments.filter((e) => stack.name.startsWith(`${e}-`)).sort((a, b) => b.length - a.length)[0];
}

function writeFiles(dir: string, files: Record<string, unknown>, configFiles: Record<string, string>): void {
  for (const [file, value] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  }
  for (const [name, content] of Object.entries(configFiles)) fs.writeFileSync(path.join(dir, 'config', name), content);
}

/** The output folder may be replaced only when it is empty or holds an earlier migration's output. */
function assertReplaceable(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  const entries = fs.readdirSync(outDir);
  if (entries.length > 0 && !entries.includes(REPORT_JSON))
    throw new UsageError(
      `--out ${outDir} is not empty and holds no earlier migration (${REPORT_JSON}): choose an empty folder; the migration replaces it whole`,
    );
}
