import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../configuration/config-error';
import { LOCAL_AWS_CREDENTIALS } from '../deployment/state-backend';
import { UsageError } from '../deployment/synth-target';
import { evaluateStack } from '../policy-pack/policy-pack';
import { synthesizedStackFromJson } from '../policy-pack/synthesized-stack';
import { swapIn } from '../synthesis/atomic-outdir';
import { attributeChanges } from './attribute-changes';
import { layerConfiguration } from './config-layers';
import { type DerivedEnvironment, deriveEnvironment } from './derive-environment';
import { dryRun, type DryRunWorkspace } from './dry-run';
import { type HclObject, HclEvaluationError, type HclValue, Untranslatable } from './hcl-values';
import { attributesAtFirstPlan, tagsAllChange } from './imported-state';
import { keepSettings } from './kept-attributes';
import { type MigrationNote, MigrationNotes } from './migration-notes';
import {
  type AdoptedFinding,
  CREATED_REASONS,
  type KeptAttribute,
  type MigrationReport,
  renderReport,
  type StackReport,
  type UnitReport,
} from './migration-report';
import { PLATFORM_MODULES } from './platform-modules';
import { loadResourceSchemas, type ResourceSchemas } from './provider-schema';
import {
  type AdoptionBlocks,
  type AdoptionPlan,
  adoptionSettings,
  importIdOf,
  planAdoption,
} from './resource-matching';
import { type RetiredState, retiredStates, retiredStateWorkspace } from './retired-states';
import { locateInTree } from './source-locations';
import { resourcesOf, StackEvaluation, type SynthesizedStackJson } from './stack-evaluation';
import { readUnitStates, type StateLocationOfUnit, type UnitStateRead } from './state-sources';
import { TerragruntReader } from './terragrunt-config';
import { groupUnits, type TerragruntEnvironment } from './terragrunt-tree';

/** How to synthesize the stacks of a configuration folder; messages name its files relative to it. */
export interface SynthesisRequest {
  /** The local AWS to point the providers at (the dry run in tests); AWS itself when omitted. */
  readonly localEndpoint?: string;
}

/**
 * Builds an environment's stacks from a configuration folder: the app, as run-app.js runs it (injected, so lib/ never
 * imports main.ts).
 */
export type SynthesizeEnvironments = (
  configRoot: string,
  request: SynthesisRequest,
) => Promise<readonly SynthesizedStackJson[]>;

/** The dry run's settings. */
export interface DryRunRequest {
  /** Refresh against AWS (the real check), or compare with the states alone (fast, offline). */
  readonly refresh: boolean;
  /** Plans at once. */
  readonly parallelism?: number;
  /** Files added to each workspace (the local AWS's provider settings, in tests). */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Plan only these workspaces (stack names, `retire/<unit>`); every one when omitted. */
  readonly only?: readonly string[];
}

/** What to migrate and where. */
export interface MigrationOptions {
  /** The Terragrunt live tree. */
  readonly terragruntRoot: string;
  /**
   * Folder to write config/, batch-json/, retire/ and the report to; replaced whole, only if it is empty or an earlier
   * migration's.
   */
  readonly outDir: string;
  /** The units' states as files; read from their backends when omitted. */
  readonly stateDir?: string;
  /** An endpoint to reach AWS through (the local AWS): the states' buckets, and the dry run's providers. */
  readonly awsEndpoint?: string;
  /** The project's config/defaults.json, for what the states and the tree do not say. */
  readonly projectDefaults: Readonly<Record<string, unknown>>;
  /** Builds and synthesizes the stacks of a configuration folder. */
  readonly synthesize: SynthesizeEnvironments;
  /** Environment for Terraform (the provider schema, the dry run). */
  readonly terraformEnv?: NodeJS.ProcessEnv;
  /** Where the provider schema is cached. */
  readonly schemaCacheDir?: string;
  /** Progress, a line at a time. */
  readonly log?: (line: string) => void;
  /** Told of each note as it is made. */
  readonly onNote?: (note: MigrationNote) => void;
  /** Plan every stack against copies of the states once the configuration is written. */
  readonly dryRun?: DryRunRequest;
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
const ADOPTED_REASON = 'adopted from Terragrunt';

/** What a run has made so far: written out however it ends. */
interface Progress {
  files: Record<string, unknown>;
  configFiles: Record<string, string>;
  units: UnitReport[];
  environments: { name: string; stacks: StackReport[] }[];
  retired: RetiredState[];
  leftInOldStates: { unit: string; address: string }[];
  finished: boolean;
  dryRun?: MigrationReport['dryRun'];
}

/**
 * Migrates a Terragrunt live tree of the platform, state first: every resource the units' states
 * hold is an existing object with exact attributes, and the configuration is derived from them
 * (lib/migration/derive-*.ts); the tree gives what states do not hold (backends, provider,
 * layers, hooks). Each resource goes to the stack where it belongs, adopted by moved blocks where
 * the stack takes over its state, by import and removed blocks where it changes state; what a
 * stack would write differently is kept as it is; policy findings on what exists are accepted.
 * Whatever happens, the output folder gets the configuration made so far and a report that
 * states each problem against the file that caused it.
 */
export async function migrateTerragrunt(options: MigrationOptions): Promise<MigrationResult> {
  const root = path.resolve(options.terragruntRoot);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
    throw new UsageError(`--terragrunt ${options.terragruntRoot}: not a folder`);
  if (options.stateDir && !fs.existsSync(options.stateDir))
    throw new UsageError(`--state-dir ${options.stateDir}: not a folder`);
  const outDir = path.resolve(options.outDir);
  assertReplaceable(outDir);
  const notes = new MigrationNotes(options.onNote, root);
  const progress: Progress = {
    files: {},
    configFiles: {},
    units: [],
    environments: [],
    retired: [],
    leftInOldStates: [],
    finished: false,
  };
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const staging = fs.mkdtempSync(`${outDir}.staging-`);
  try {
    await run(root, outDir, staging, options, notes, progress);
  } catch (error) {
    reportError(error, root, outDir, staging, notes);
  }
  const report: MigrationReport = {
    terragrunt: root,
    states: options.stateDir ? `files in \`${path.resolve(options.stateDir)}\`` : "the units' backends",
    finished: progress.finished && notes.errors.length === 0,
    units: progress.units,
    environments: progress.environments,
    retired: progress.retired.map((r) => ({ unit: r.unit, folder: r.folder, removed: r.removed })),
    leftInOldStates: progress.leftInOldStates,
    notes: notes.all,
    ...(progress.dryRun ? { dryRun: progress.dryRun } : {}),
  };
  writeFiles(staging, progress.files, progress.configFiles);
  fs.writeFileSync(path.join(staging, REPORT_JSON), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(staging, REPORT_MARKDOWN), renderReport(report));
  swapIn(staging, outDir);
  return {
    report,
    files: [
      ...Object.keys(progress.files),
      ...Object.keys(progress.configFiles).map((f) => `config/${f}`),
      REPORT_JSON,
      REPORT_MARKDOWN,
    ].sort(),
  };
}

async function run(
  root: string,
  outDir: string,
  staging: string,
  options: MigrationOptions,
  notes: MigrationNotes,
  progress: Progress,
): Promise<void> {
  const log = options.log ?? (() => undefined);
  const reader = new TerragruntReader(root);
  const { units, failures } = await reader.readUnits();
  for (const failure of failures) {
    const located = locateInTree(root, failure.file, failure.message);
    notes.error(
      located.where,
      `${located.message}; fix it in the tree, or move the unit out of the folder to migrate the rest`,
    );
  }
  if (units.length === 0 && failures.length === 0)
    notes.error(
      path.basename(root),
      'no Terragrunt unit below this folder (a terragrunt.hcl with a terraform source or an include): give the ' +
        'folder of the live tree',
    );
  for (const unit of units)
    for (const warning of unit.warnings) {
      const located = locateInTree(root, path.join(unit.dir, 'terragrunt.hcl'), warning);
      notes.warn(located.where, located.message);
    }
  const environments = groupUnits(units);

  const derived: { environment: TerragruntEnvironment; reads: UnitStateRead[]; result: DerivedEnvironment }[] = [];
  for (const environment of environments) {
    log(`environment ${environment.name}: ${environment.units.length} unit(s)`);
    const reads = await readUnitStates(
      environment.units,
      {
        ...(options.stateDir ? { stateDir: options.stateDir } : {}),
        ...(options.awsEndpoint ? { awsEndpoint: options.awsEndpoint } : {}),
      },
      (read) =>
        log(
          `  unit ${read.unit.relativePath}: ` +
            (read.state ? `${read.state.instances.length} resource(s) in ${read.origin}` : read.problem),
        ),
    );
    for (const read of reads.filter((r) => r.problem))
      notes.warn(
        `${read.unit.relativePath}/terragrunt.hcl`,
        `${read.problem}: nothing of this unit is adopted, ` +
          'and a stack that needs its resources would create them again',
      );
    const result = await deriveEnvironment(environment, reads, options.projectDefaults, notes);
    derived.push({ environment, reads, result });
    for (const read of reads)
      progress.units.push({
        unit: read.unit.relativePath,
        environment: environment.name,
        state: read.state ? read.origin : (read.problem ?? read.origin),
        resources: read.state?.instances.length ?? 0,
        ...(result.assignment.moduleOfUnit.get(read.unit.relativePath)
          ? { module: result.assignment.moduleOfUnit.get(read.unit.relativePath)! }
          : {}),
      });
    if (reads.every((r) => !r.state))
      notes.error(
        `environment ${environment.name}`,
        'no state of any of its units could be read: the configuration comes from the states, so there is nothing to ' +
          'migrate; give the states with --state-dir, or check the AWS credentials',
      );
  }
  if (notes.errors.length > 0 && derived.every((d) => d.reads.every((r) => !r.state))) return;

  for (const { environment, reads, result } of derived) assignStateKeys(environment, reads, result, notes);
  progress.files = layerConfiguration(derived.map((d) => d.result.draft));
  progress.configFiles = configFilesOf(
    derived.map((d) => d.result),
    notes,
  );
  checkBatchFilesAcrossEnvironments(
    derived.map((d) => d.result),
    notes,
  );

  // First synth: what the stacks make of the derived configuration.
  writeFiles(staging, progress.files, progress.configFiles);
  const first = await synthesizeOrReport(options, staging, outDir, notes);
  if (!first) return;
  const schemas = await schemasFor(first, options, notes);

  const plans = new Map<string, AdoptionPlan>();
  const kept = new Map<string, KeptAttribute[]>();
  for (const { environment, reads } of derived) {
    const stacks = first.filter((s) => s.name.startsWith(`${environment.name}-`));
    const unitStates = reads
      .filter(
        (r): r is UnitStateRead & { state: NonNullable<UnitStateRead['state']>; location: StateLocationOfUnit } =>
          r.state !== undefined && r.location !== undefined,
      )
      .map((r) => ({
        unit: r.unit.relativePath,
        location: { bucket: r.location.bucket, key: r.location.key },
        fullLocation: r.location,
        state: r.state,
      }));
    const plan = await planAdoption(stacks, unitStates);
    plans.set(environment.name, plan);
    const settings = progress.files[`config/environments/${environment.name}.json`] as Record<string, unknown>;
    const adoption: Record<string, AdoptionBlocks & { keep?: Record<string, Record<string, unknown>> }> =
      adoptionSettings(plan, (stack) => stack.slice(environment.name.length + 1));
    for (const match of plan.matches.filter((m) => importIdOf(m.object) === undefined))
      notes.warn(
        `${match.unitState.unit}: ${match.object.instance.address}`,
        `${match.object.part?.what ?? 'it'} has no id in the state to import it by (rules written inline in a ` +
          `security group have none): add an import block for ${match.resource.address} with its id (aws ec2 ` +
          `describe-security-group-rules) under ` +
          `adoption.${match.resource.stack.slice(environment.name.length + 1)}.import, or the first apply tries to ` +
          `create it again and fails`,
      );
    // Keep, on every adopted resource, what the stack would write otherwise.
    const evaluation = evaluationOf(stacks, plan);
    for (const match of plan.matches) {
      const config = await evaluation.configOf(match.resource.stack, match.resource);
      const schema = schemas?.get(match.resource.type);
      const changes = attributeChanges(
        match.resource.type,
        schema,
        config,
        attributesAtFirstPlan(match, defaultTagsOf(stacks.find((st) => st.name === match.resource.stack)!)),
      );
      if (changes.length === 0) continue;
      const module = match.resource.stack.slice(environment.name.length + 1);
      const entry = (adoption[module] ??= { moved: [], import: [], removed: [] });
      entry.keep = { ...(entry.keep ?? {}), [match.resource.address]: keepSettings(schema, changes) };
      kept.set(match.resource.stack, [
        ...(kept.get(match.resource.stack) ?? []),
        ...changes.map((c) => ({
          address: match.resource.address,
          attribute: c.attribute,
          existing: c.before,
          generated: c.after instanceof Untranslatable ? '(known after apply)' : c.after,
          why: c.why,
          wouldReplace: c.replaces,
        })),
      ]);
    }
    const modules = Object.keys(adoption).filter(
      (m) =>
        adoption[m]!.moved.length + adoption[m]!.import.length + adoption[m]!.removed.length > 0 || adoption[m]!.keep,
    );
    if (modules.length > 0) settings.adoption = Object.fromEntries(modules.sort().map((m) => [m, adoption[m]!]));
    const mocks = await observedOutputs(plan, stacks);
    if (Object.keys(mocks).length > 0) {
      settings.dependencies = { mock_outputs_merge_strategy: 'shallow', mock_outputs: mocks };
      notes.info(
        `config/environments/${environment.name}.json`,
        "dependencies: until a stack is applied, its state holds the old module's outputs; its dependents read " +
          'these values (taken from the adopted resources) in their place, so their first plans are provisional ' +
          'but exact. Delete "dependencies" once every stack is applied.',
      );
    }
    const retired = retiredStates(plan, unitStates);
    progress.retired.push(...retired);
    for (const r of retired)
      progress.files[`${r.folder}/main.tf.json`] = retiredStateWorkspace(
        r,
        providerVersionOf(first),
        String(settings.region ?? environment.region ?? ''),
      );
    const takenOver = new Set(plan.takesOver.values());
    for (const left of plan.unmatched.filter(
      (u) => !u.forgottenBy && !takenOver.has(u.unitState) && !retired.some((r) => r.unit === u.unitState.unit),
    ))
      progress.leftInOldStates.push({ unit: left.unitState.unit, address: left.instance.address });
    for (const unit of progress.units.filter((u) => u.environment === environment.name)) {
      const stack = [...plan.takesOver].find(([, u]) => u.unit === unit.unit)?.[0];
      const retiredBy = retired.find((r) => r.unit === unit.unit)?.folder;
      Object.assign(unit, { ...(stack ? { takenOverBy: stack } : {}), ...(retiredBy ? { retiredBy } : {}) });
    }
  }

  // Second synth: adopted and kept; what the policy pack finds on adopted resources is accepted as it was.
  writeFiles(staging, progress.files, progress.configFiles);
  const second = await synthesizeOrReport(options, staging, outDir, notes);
  if (!second) return;
  const findings = new Map<string, AdoptedFinding[]>();
  for (const { environment } of derived) {
    const plan = plans.get(environment.name)!;
    const adopted = new Set(plan.matches.map((m) => `${m.resource.stack} ${m.resource.address}`));
    const settings = progress.files[`config/environments/${environment.name}.json`] as Record<string, unknown>;
    const suppressions: Record<string, unknown>[] = [];
    for (const stack of second.filter((s) => s.name.startsWith(`${environment.name}-`))) {
      const verdict = evaluateStack(synthesizedStackFromJson(stack.name, stack.json as Record<string, unknown>), {
        isTaggable: (type) => schemas?.get(type)?.attributes?.tags_all !== undefined,
      });
      for (const violation of verdict.violations) {
        const { attribute, found, allowed } = violation.finding;
        const finding = `${attribute}: ${found} (the rule allows ${allowed})`;
        if (!adopted.has(`${stack.name} ${violation.address}`)) {
          notes.warn(
            `${stack.name}: ${violation.address}`,
            `the policy pack finds ${violation.rule.id} on a resource the stack creates: ${finding}; fix the ` +
              `configuration, or accept it under policy.suppressions`,
          );
          continue;
        }
        suppressions.push({
          module: stack.module,
          resource: violation.address,
          rule: violation.rule.id,
          reason: `${ADOPTED_REASON}: ${violation.finding.attribute} ${violation.finding.found}`.slice(0, 300),
        });
        findings.set(stack.name, [
          ...(findings.get(stack.name) ?? []),
          { resource: violation.address, rule: violation.rule.id, finding },
        ]);
      }
    }
    if (suppressions.length > 0) {
      const policy = (settings.policy ?? {}) as Record<string, unknown>;
      settings.policy = { ...policy, suppressions: [...((policy.suppressions as unknown[]) ?? []), ...suppressions] };
    }
  }

  // The configuration as written: it must load and synthesize.
  writeFiles(staging, progress.files, progress.configFiles);
  const final = await synthesizeOrReport(options, staging, outDir, notes);
  if (!final) return;
  for (const { environment } of derived) {
    const plan = plans.get(environment.name)!;
    const stacks = final.filter((s) => s.name.startsWith(`${environment.name}-`));
    progress.environments.push({
      name: environment.name,
      stacks: await stackReports(plan, stacks, schemas, kept, findings),
    });
  }
  progress.finished = true;

  if (options.dryRun) {
    if (!options.terraformEnv) {
      notes.error('dry run', 'no Terraform environment to plan with');
      return;
    }
    log('dry run: planning every stack against copies of the states');
    const stacks = await options.synthesize(staging, {
      ...(options.awsEndpoint ? { localEndpoint: options.awsEndpoint } : {}),
    });
    const workspaces: DryRunWorkspace[] = [];
    for (const { environment, reads } of derived) {
      const textOf = (key: string): string | undefined => reads.find((r) => r.location?.key === key)?.text;
      for (const stack of stacks.filter((s) => s.name.startsWith(`${environment.name}-`))) {
        const text = textOf(stack.state.key);
        workspaces.push({
          name: stack.name,
          json: stack.json as Record<string, unknown>,
          stateKey: stack.state.key,
          ...(text ? { stateText: text } : {}),
        });
      }
      for (const retired of progress.retired.filter((r) => reads.some((x) => x.unit.relativePath === r.unit))) {
        const text = textOf(retired.location.key);
        const json = structuredClone(progress.files[`${retired.folder}/main.tf.json`]) as Record<string, unknown>;
        // Through the local AWS, the provider of a retiring workspace goes there too, as the stacks' do.
        if (options.awsEndpoint) json.provider = { aws: [localProvider(json.provider, options.awsEndpoint)] };
        workspaces.push({
          name: retired.folder,
          json,
          stateKey: retired.location.key,
          ...(text ? { stateText: text } : {}),
        });
      }
    }
    const only = options.dryRun.only;
    progress.dryRun = await dryRun(only ? workspaces.filter((w) => only.includes(w.name)) : workspaces, {
      env: options.terraformEnv,
      refresh: options.dryRun.refresh,
      parallelism: options.dryRun.parallelism ?? 2,
      log,
      ...(options.dryRun.extraFiles ? { extraFiles: options.dryRun.extraFiles } : {}),
    });
    for (const plan of progress.dryRun.plans) {
      if (plan.error) notes.error(`dry run: ${plan.workspace}`, plan.error);
      for (const r of plan.replace)
        notes.error(`dry run: ${plan.workspace}`, `${r.address} would be replaced (${r.attributes.join(', ')})`);
      for (const d of plan.destroy) notes.error(`dry run: ${plan.workspace}`, `${d} would be destroyed`);
    }
  }
}

/** The aws provider block of a retiring workspace, pointed at the local AWS. */
function localProvider(provider: unknown, endpoint: string): Record<string, unknown> {
  const region = ((provider as { aws?: { region?: string }[] } | undefined)?.aws?.[0]?.region ?? 'us-east-1') as string;
  const services = ['iam', 'sqs', 'ec2', 'batch', 'logs', 'sfn', 's3', 'sts', 'cloudwatch', 'pipes', 'scheduler'];
  return {
    region,
    access_key: LOCAL_AWS_CREDENTIALS.accessKey,
    secret_key: LOCAL_AWS_CREDENTIALS.secretKey,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
    s3_use_path_style: true,
    endpoints: [Object.fromEntries(services.map((service) => [service, endpoint]))],
  };
}

/** Each stack's state key: the key of the unit whose state it takes over, else the template's, never another unit's. */
function assignStateKeys(
  environment: TerragruntEnvironment,
  reads: readonly UnitStateRead[],
  derived: DerivedEnvironment,
  notes: MigrationNotes,
): void {
  const settings = derived.draft.settings;
  const state = (settings.state ??= {}) as Record<string, unknown>;
  const treeTemplate = keyTemplateOfTree(environment.name, reads, derived);
  if (treeTemplate) state.key_template = treeTemplate;
  const template = typeof state.key_template === 'string' ? state.key_template : '{module}/terraform.tfstate';
  const values: Record<string, string> = {
    environment: environment.name,
    account: String(settings.account ?? ''),
    account_id: String(settings.account_id ?? ''),
    region: String(settings.region ?? ''),
    project: String(settings.project ?? ''),
    prefix: String(settings.name_prefix ?? ''),
  };
  const unitKeys = new Map(reads.filter((r) => r.location).map((r) => [r.location!.key, r.unit.relativePath]));
  const keys: Record<string, string> = {};
  for (const module of PLATFORM_MODULES) {
    const rendered = template.replace(/\{([a-z_]+)\}/g, (_w, name: string) =>
      name === 'module' ? module : (values[name] ?? ''),
    );
    const unit = derived.assignment.takenOver.get(module);
    const unitKey = unit ? reads.find((r) => r.unit.relativePath === unit)?.location?.key : undefined;
    let key = unitKey ?? rendered;
    if (!unitKey && unitKeys.has(key)) {
      key = rendered.replace(/\/?terraform\.tfstate$/, '') + `-${module}-stack/terraform.tfstate`;
      notes.info(
        `environment ${environment.name}`,
        `state.keys.${module}: the key template gives ${rendered}, the key of ${unitKeys.get(rendered)}, whose ` +
          `state the stack does not take over: it keeps its state at ${key}`,
      );
    }
    if (key !== rendered) keys[module] = key;
  }
  const buckets = [...new Set(reads.map((r) => r.location?.bucket).filter((b): b is string => b !== undefined))];
  if (buckets.length > 1)
    notes.warn(
      `environment ${environment.name}`,
      `its units keep their states in several buckets (${buckets.join(', ')}): the stacks keep theirs in ` +
        `${String(state.bucket)}, so a stack whose unit's state is elsewhere imports its resources instead`,
    );
  if (Object.keys(keys).length > 0) state.keys = keys;
}

/**
 * The tree's own key layout, where a unit named after its module shows it (`ingest/staging/sqs.tfstate`
 * gives `ingest/{environment}/{module}.tfstate`): a stack with no unit to take over keeps its new
 * state beside the others.
 */
function keyTemplateOfTree(
  environment: string,
  reads: readonly UnitStateRead[],
  derived: DerivedEnvironment,
): string | undefined {
  const templates = new Map<string, number>();
  for (const [module, unit] of derived.assignment.takenOver) {
    const key = reads.find((r) => r.unit.relativePath === unit)?.location?.key;
    if (!key || path.basename(unit) !== module) continue;
    const steps = key
      .split('/')
      .map((step) =>
        step === module || step.startsWith(`${module}.`)
          ? step.replace(module, '{module}')
          : step === environment
            ? '{environment}'
            : step,
      );
    const template = steps.join('/');
    if (template.includes('{module}')) templates.set(template, (templates.get(template) ?? 0) + 1);
  }
  return [...templates].sort((a, b) => b[1] - a[1])[0]?.[0];
}

async function synthesizeOrReport(
  options: MigrationOptions,
  staging: string,
  outDir: string,
  notes: MigrationNotes,
): Promise<readonly SynthesizedStackJson[] | undefined> {
  try {
    return await options.synthesize(staging, {});
  } catch (error) {
    if (error instanceof ConfigError) {
      // Files are named relative to the staging folder: tell them where they are written.
      for (const problem of error.problems)
        notes.error(
          (path.relative(process.cwd(), path.join(outDir, problem.file)) || problem.file) +
            (problem.line ? `:${problem.line}` : ''),
          `${problem.jsonPath}: ${problem.found}; allowed: ${problem.allowed}. The migrated configuration is ` +
            `written as far as it goes: correct it there, or fix what the warnings name in the tree and migrate again`,
        );
      return undefined;
    }
    throw error;
  }
}

function reportError(error: unknown, root: string, outDir: string, staging: string, notes: MigrationNotes): void {
  const message = (error as Error).message?.split(staging).join(outDir) ?? String(error);
  if (error instanceof HclEvaluationError) {
    const file = /^(\/[^:]+\.hcl)/.exec(message)?.[1];
    const located = locateInTree(root, file, message);
    notes.error(located.where, located.message);
  } else if (error instanceof UsageError) notes.error('command line', message);
  else notes.error('migration', `stopped on an unexpected error (${(error as Error).name ?? 'Error'}): ${message}`);
}

function evaluationOf(stacks: readonly SynthesizedStackJson[], plan: AdoptionPlan): StackEvaluation {
  const adopted = new Map(
    plan.matches.map((m) => [
      `${m.resource.stack} ${m.resource.address}`,
      { ...m.object.instance, attributes: m.object.attributes },
    ]),
  );
  return new StackEvaluation(stacks, (stack, address) => adopted.get(`${stack} ${address}`));
}

/**
 * The outputs of each upstream stack as its adopted resources give them, in the shape `dependencies.mock_outputs`
 * takes.
 */
async function observedOutputs(
  plan: AdoptionPlan,
  stacks: readonly SynthesizedStackJson[],
): Promise<Record<string, Record<string, unknown>>> {
  const evaluation = evaluationOf(stacks, plan);
  const out: Record<string, Record<string, unknown>> = {};
  const readKeys = new Set(
    stacks.flatMap((s) =>
      Object.values(s.json.data?.terraform_remote_state ?? {}).map(
        (d) => (d.config as { key?: string } | undefined)?.key,
      ),
    ),
  );
  for (const stack of stacks.filter(
    (s) => readKeys.has(s.state.key) && plan.matches.some((m) => m.resource.stack === s.name),
  )) {
    const outputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(await evaluation.outputs(stack.name)))
      if (isMockShape(value)) outputs[name] = value;
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
  if (!options.terraformEnv) {
    notes.warn(
      'provider schema',
      'no Terraform environment: arguments the existing objects have and the stacks leave to the provider are not ' +
        'compared, so the first plan may change them',
    );
    return undefined;
  }
  const types = [...new Set(stacks.flatMap((s) => resourcesOf(s).map((r) => r.type)))];
  const required =
    (stacks[0]?.json as { terraform?: { required_providers?: Record<string, unknown> } } | undefined)?.terraform
      ?.required_providers ?? {};
  try {
    return await loadResourceSchemas(
      required,
      types,
      options.terraformEnv,
      options.schemaCacheDir ?? path.join(options.outDir, '..', '.tf-cache'),
    );
  } catch (error) {
    notes.warn(
      'provider schema',
      `the provider schema could not be read (${(error as Error).message.split('\n')[0]}): arguments the stacks ` +
        `leave to the provider are not compared, so the first plan may change them`,
    );
    return undefined;
  }
}

/** The default tags of a stack's provider. */
function defaultTagsOf(stack: SynthesizedStackJson): Record<string, string> {
  const providers =
    (stack.json as { provider?: { aws?: { alias?: string; default_tags?: { tags?: Record<string, string> }[] }[] } })
      .provider?.aws ?? [];
  return providers.find((p) => !p.alias)?.default_tags?.[0]?.tags ?? {};
}

function providerVersionOf(stacks: readonly SynthesizedStackJson[]): string {
  const required = (stacks[0]?.json as { terraform?: { required_providers?: { aws?: { version?: string } } } })
    ?.terraform?.required_providers;
  return required?.aws?.version ?? '>= 5.0';
}

async function stackReports(
  plan: AdoptionPlan,
  stacks: readonly SynthesizedStackJson[],
  schemas: ResourceSchemas | undefined,
  kept: ReadonlyMap<string, readonly KeptAttribute[]>,
  findings: ReadonlyMap<string, readonly AdoptedFinding[]>,
): Promise<StackReport[]> {
  const evaluation = evaluationOf(stacks, plan);
  const reports: StackReport[] = [];
  for (const stack of stacks) {
    const matches = plan.matches.filter((m) => m.resource.stack === stack.name);
    const defaultTags = defaultTagsOf(stack);
    const synthesized = new Map(resourcesOf(stack).map((r) => [r.address, r]));
    const changes = [];
    for (const match of matches) {
      const config = await evaluation.configOf(stack.name, synthesized.get(match.resource.address) ?? match.resource);
      const schema = schemas?.get(match.resource.type);
      for (const change of attributeChanges(
        match.resource.type,
        schema,
        config,
        attributesAtFirstPlan(match, defaultTags),
      ))
        changes.push({ address: match.resource.address, ...change });
      const tags = schema?.attributes?.tags_all ? tagsAllChange(match, config.tags, defaultTags) : undefined;
      if (tags)
        changes.push({
          address: match.resource.address,
          attribute: 'tags_all',
          before: tags.before,
          after: tags.after,
          why: "the provider's default tags (config tags) and the stack's own tags are on every resource it manages",
          replaces: false,
        });
    }
    const takesOver = plan.takesOver.get(stack.name);
    reports.push({
      stack: stack.name,
      module: stack.module,
      state: { ...stack.state, ...(takesOver ? { takesOver: takesOver.unit } : {}) },
      adopted: matches.map((m) => ({
        address: m.resource.address,
        from: m.object.part ? `${m.object.instance.address} (${m.object.part.what})` : m.object.instance.address,
        unit: m.unitState.unit,
        how: m.how,
        identity: m.identity,
        ...(m.how === 'imported' && importIdOf(m.object) !== undefined ? { importId: importIdOf(m.object)! } : {}),
      })),
      kept: kept.get(stack.name) ?? [],
      changes,
      created: plan.created
        .filter((r) => r.stack === stack.name)
        .map((r) => ({
          address: r.address,
          why: CREATED_REASONS[r.type] ?? 'the stack has it; no existing object matched it',
        })),
      forgotten: [
        ...plan.handedOver
          .filter((h) => h.forgottenBy === stack.name)
          .map((h) => ({ from: h.instance.address, reason: `adopted by ${h.adoptedBy} (import block)` })),
        ...plan.unmatched
          .filter((u) => u.forgottenBy === stack.name)
          .map((u) => ({
            from: u.instance.address,
            reason: plan.matches.some((m) => m.object.instance === u.instance)
              ? 'its parts are adopted as resources of their own (import blocks)'
              : 'no stack has such a resource: it stays in AWS as it is, no longer managed by Terraform',
          })),
      ],
      findings: findings.get(stack.name) ?? [],
    });
  }
  return reports;
}

/** config/ files of every environment; the same name with different contents is kept once, with a warning. */
function configFilesOf(derived: readonly DerivedEnvironment[], notes: MigrationNotes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of derived)
    for (const [name, content] of Object.entries(d.configFiles)) {
      if (out[name] !== undefined && out[name] !== content)
        notes.warn(
          `config/${name}`,
          `environments have different ${name} files; the first is kept, and the launch template's user data of the ` +
            `others is kept as adopted`,
        );
      out[name] ??= content;
    }
  return out;
}

/**
 * batch-json files are shared by every environment: one only some environments have would create its resource in the
 * others.
 */
function checkBatchFilesAcrossEnvironments(derived: readonly DerivedEnvironment[], notes: MigrationNotes): void {
  if (derived.length < 2) return;
  const all = new Set(derived.flatMap((d) => Object.keys(d.draft.batchJson)));
  for (const file of all) {
    const missing = derived.filter((d) => !(file in d.draft.batchJson)).map((d) => d.draft.name);
    if (missing.length > 0)
      notes.warn(
        `batch-json/${file}`,
        `the environments ${missing.join(', ')} have no such resource, but batch-json files are shared: their ` +
          `stacks would create it. Give those environments the resource, or keep them in a configuration folder of ` +
          `their own`,
      );
  }
}

function writeFiles(dir: string, files: Record<string, unknown>, configFiles: Record<string, string>): void {
  for (const [file, value] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  }
  for (const [name, content] of Object.entries(configFiles)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'config', name)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config', name), content);
  }
}

/** The output folder may be replaced only when it is empty or holds an earlier migration's output. */
function assertReplaceable(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  const entries = fs.readdirSync(outDir);
  if (entries.length > 0 && !entries.includes(REPORT_JSON))
    throw new UsageError(
      `--out ${outDir} is not empty and holds no earlier migration (${REPORT_JSON}): choose an empty folder; the ` +
        `migration replaces it whole`,
    );
}
