import * as fs from 'fs';
import * as path from 'path';
import type { ZodType } from 'zod';
import { ConfigError, type ConfigProblem, formatProblem, renderFound } from './config-error';
import type { JsonPath } from './json-path';
import { JsonSource } from './json-source';
import { isPlainObject, LayeredDocument } from './layered-document';
import { checkBatchReferences, type Located, type LocatedBatchResources } from './batch-references';
import { type DependencyOutput, expandPlaceholders, type PlaceholderScope } from './placeholders';
import type {
  BatchResources,
  EnvironmentConfig,
  LaunchTemplateWithUserData,
  NamedResource,
  OutputCatalogue,
  PlatformConfig,
} from './platform-config';
import { ComputeEnvironmentSchema, type ComputeEnvironmentConfig } from './schemas/compute-environment-schema';
import { EnvironmentSettingsSchema, type EnvironmentSettings } from './schemas/environment-schema';
import { HOOK_RUN_PLACEHOLDERS } from './schemas/hook-schema';
import { JobDefinitionSchema, type JobDefinitionConfig } from './schemas/job-definition-schema';
import { JobQueueSchema, type JobQueueConfig } from './schemas/job-queue-schema';
import { LaunchTemplateSchema } from './schemas/launch-template-schema';
import { type LogGroupConfig, logGroupsSchemaFor } from './schemas/log-groups-schema';
import { SchedulingPolicySchema, type SchedulingPolicyConfig } from './schemas/scheduling-policy-schema';
import { workflowReferenceProblems } from './workflow-references';
import { problemsFromZod } from './zod-problems';

/** What to load and what the loaded files may refer to. */
export interface LoadOptions {
  /** Folder holding config/ and batch-json/. */
  readonly root: string;
  /** Environments to load; every file of config/environments/ when omitted. */
  readonly environments?: readonly string[];
  /** Extra layers merged last over an environment, such as the local AWS's network ids, by environment name. */
  readonly overlayFiles?: (environment: string) => readonly string[];
  /** Upstream outputs the batch-json files may read through `{dependency.*}` placeholders. */
  readonly batchJsonDependencies: OutputCatalogue;
  /** Every module and the outputs it declares: what `dependencies.mock_outputs` and `adoption` may name. */
  readonly stackOutputs?: OutputCatalogue;
  /** Folder that file names in messages are relative to; the working directory by default. */
  readonly displayRoot?: string;
}

/** batch-json files that hold one resource, or a collection under the given key. */
const RESOURCE_FILES = {
  'launch-template.json': { collectionKey: 'launch_templates', defaultName: 'launch_template' },
  'compute-environment.json': { collectionKey: 'compute_environments', defaultName: 'compute_environment' },
  'job-queue.json': { collectionKey: 'job_queues', defaultName: 'job_queue' },
  'scheduling-policy.json': { collectionKey: 'scheduling_policies', defaultName: 'scheduling_policy' },
} as const;
/** batch-json files a configuration may leave out. */
const OPTIONAL_FILES: readonly string[] = ['launch-template.json', 'scheduling-policy.json'];
const LOG_GROUPS_FILE = 'log-groups.json';
const JOB_DEFINITION_FILE = /^[a-z0-9-]+-job\.json$/;
const BUILT_IN_PLACEHOLDERS = ['project', 'environment', 'account', 'account_id', 'region', 'prefix'] as const;

/**
 * Reads config/ and batch-json/ for every environment, merges the layers, fills placeholders,
 * validates everything and checks the references between files. Throws one ConfigError listing
 * every problem found; nothing is built from a configuration that has any.
 */
export function loadPlatformConfig(options: LoadOptions): PlatformConfig {
  return new PlatformConfigLoader(options).load();
}

class PlatformConfigLoader {
  private readonly problems = new Map<string, ConfigProblem>();
  /** Problems reported so far, counting repeats that `problems` folds together. */
  private reported = 0;
  private readonly sources = new Map<string, JsonSource | undefined>();
  private readonly configDir: string;
  private readonly batchJsonDir: string;
  private readonly displayRoot: string;

  public constructor(private readonly options: LoadOptions) {
    this.configDir = path.join(options.root, 'config');
    this.batchJsonDir = path.join(options.root, 'batch-json');
    this.displayRoot = options.displayRoot ?? process.cwd();
  }

  public load(): PlatformConfig {
    const names = this.environmentNames();
    const batchFiles = this.batchJsonFiles();
    const environments: EnvironmentConfig[] = [];
    for (const name of names) {
      const environment = this.loadEnvironment(name, batchFiles);
      if (environment) environments.push(environment);
    }
    if (this.problems.size > 0) throw new ConfigError([...this.problems.values()]);
    return { root: this.options.root, environments };
  }

  private report(problem: ConfigProblem): void {
    this.reported++;
    this.problems.set(formatProblem(problem), problem);
  }

  private source(file: string): JsonSource | undefined {
    if (!this.sources.has(file)) {
      try {
        this.sources.set(file, JsonSource.read(file, this.displayRoot));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        error.problems.forEach((p) => this.report(p));
        this.sources.set(file, undefined);
      }
    }
    return this.sources.get(file);
  }

  private display(file: string): string {
    return path.relative(this.displayRoot, file) || file;
  }

  private environmentNames(): string[] {
    const dir = path.join(this.configDir, 'environments');
    const available =
      fs.existsSync(dir) && fs.statSync(dir).isDirectory()
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.json'))
            .map((f) => f.slice(0, -'.json'.length))
            .sort()
        : [];
    if (available.length === 0) {
      this.report({
        file: this.display(dir),
        jsonPath: '$',
        found: 'no environment files',
        allowed: 'one <environment>.json per environment, such as dev.json',
      });
      return [];
    }
    const wanted = this.options.environments ?? available;
    for (const name of wanted.filter((n) => !available.includes(n))) {
      this.report({
        file: this.display(path.join(dir, `${name}.json`)),
        jsonPath: '$',
        found: `no file for the environment "${name}"`,
        allowed: `one of the environments: ${available.join(', ')}`,
      });
    }
    return wanted.filter((n) => available.includes(n));
  }

  private batchJsonFiles(): string[] {
    const dir = this.batchJsonDir;
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      this.report({
        file: this.display(dir),
        jsonPath: '$',
        found: 'no batch-json folder',
        allowed: 'a batch-json/ folder beside config/',
      });
      return [];
    }
    const files = fs.readdirSync(dir).sort();
    const required = [...Object.keys(RESOURCE_FILES), LOG_GROUPS_FILE].filter((f) => !OPTIONAL_FILES.includes(f));
    const known = [...required, ...OPTIONAL_FILES];
    for (const file of files.filter((f) => !known.includes(f) && !JOB_DEFINITION_FILE.test(f))) {
      this.report({
        file: this.display(path.join(dir, file)),
        jsonPath: '$',
        found: `an unexpected file "${file}"`,
        allowed: `${required.join(', ')}, optionally ${OPTIONAL_FILES.join(', ')}, and job definitions named <name>-job.json`,
      });
    }
    for (const file of required.filter((f) => !files.includes(f))) {
      this.report({
        file: this.display(path.join(dir, file)),
        jsonPath: '$',
        found: 'no such file',
        allowed: `the file ${file}: batch-json/ needs ${required.join(', ')}`,
      });
    }
    if (!files.some((f) => JOB_DEFINITION_FILE.test(f))) {
      this.report({
        file: this.display(dir),
        jsonPath: '$',
        found: 'no job definition files',
        allowed: 'at least one <name>-job.json',
      });
    }
    return files.filter((f) => known.includes(f) || JOB_DEFINITION_FILE.test(f));
  }

  private loadEnvironment(name: string, batchFiles: readonly string[]): EnvironmentConfig | undefined {
    const envFile = path.join(this.configDir, 'environments', `${name}.json`);
    const defaults = this.source(path.join(this.configDir, 'defaults.json'));
    const env = this.source(envFile);
    if (!defaults || !env) return undefined;
    if (!isPlainObject(defaults.value) || !isPlainObject(env.value)) {
      for (const s of [defaults, env].filter((s) => !isPlainObject(s.value)))
        this.report({
          file: s.display,
          jsonPath: '$',
          line: 1,
          column: 1,
          found: renderFound(s.value),
          allowed: 'a JSON object',
        });
      return undefined;
    }
    const before = this.reported;
    const middle = this.accountAndRegionLayers(defaults, env);
    // Without its account or region layer an environment would only produce follow-on errors.
    if (this.reported !== before) return undefined;
    const layers = [defaults, ...middle, env, ...this.overlays(name)];
    const document = new LayeredDocument(env);
    layers.forEach((layer) => document.merge(layer.value, layer));
    const merged = document.value;
    if (merged.environment !== name) {
      this.report(
        document.problemAt(['environment'], renderFound(merged.environment), `"${name}", the name of the file`),
      );
    }

    const scope = this.placeholderScope(merged, document);
    if (!scope) return undefined;
    // batch_json is expanded per file below; the state key template is filled per stack, with {module}.
    const { batch_json: overrides, hooks, ...rest } = merged;
    const keyTemplate = isPlainObject(rest.state) ? rest.state.key_template : undefined;
    if (isPlainObject(rest.state)) rest.state = { ...rest.state, key_template: '' };
    const placeholderProblems = this.reported;
    const reportPlaceholder = (p: JsonPath, found: string, allowed: string): void =>
      this.report(document.problemAt(p, found, allowed));
    const expanded = expandPlaceholders(rest, scope, reportPlaceholder) as Record<string, unknown>;
    if (isPlainObject(expanded.state)) expanded.state.key_template = keyTemplate;
    expanded.batch_json = overrides;
    // A hook's run-time placeholders ({stack}, {command}...) stay for run-all to fill.
    const runTime = Object.fromEntries(HOOK_RUN_PLACEHOLDERS.map((name) => [name, `{${name}}`]));
    if (hooks !== undefined)
      expanded.hooks = expandPlaceholders(hooks, { values: { ...scope.values, ...runTime } }, reportPlaceholder, [
        'hooks',
      ]);
    // A value with an unfilled placeholder is reported once, not again by the schema.
    const settings =
      this.reported === placeholderProblems
        ? this.validate(EnvironmentSettingsSchema, expanded, document, [])
        : undefined;

    // The batch-json files are checked even when the settings are not, so one run reports everything.
    const batchScope: PlaceholderScope = { values: scope.values, dependencies: this.batchDependencies(settings) };
    const batch = this.loadBatchResources(batchFiles, layers, batchScope);
    if (!settings || !batch) return undefined;
    this.checkReferences(settings, document, batch);
    return { name, settings, batch: stripLocations(batch) };
  }

  private accountAndRegionLayers(defaults: JsonSource, env: JsonSource): JsonSource[] {
    const layers: JsonSource[] = [];
    for (const [key, folder] of [
      ['account', 'accounts'],
      ['region', 'regions'],
    ] as const) {
      const envValue = (env.value as Record<string, unknown>)[key];
      const value = envValue ?? (defaults.value as Record<string, unknown>)[key];
      const blame = envValue === undefined ? defaults : env;
      if (typeof value !== 'string' || !/^[a-z0-9-]+$/.test(value)) {
        this.report({
          file: env.display,
          jsonPath: `$.${key}`,
          ...blame.locate([key]),
          found: renderFound(value),
          allowed: `the name of a file in config/${folder}/ (without .json)`,
        });
        continue;
      }
      const file = path.join(this.configDir, folder, `${value}.json`);
      if (!fs.existsSync(file)) {
        const dir = path.join(this.configDir, folder);
        const choices = fs.existsSync(dir)
          ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith('.json'))
              .map((f) => f.slice(0, -5))
          : [];
        this.report({
          file: blame.display,
          jsonPath: `$.${key}`,
          ...blame.locate([key]),
          found: `"${value}", which has no file ${this.display(file)}`,
          allowed: choices.length > 0 ? `one of: ${choices.join(', ')}` : `a file config/${folder}/<name>.json`,
        });
        continue;
      }
      const layer = this.source(file);
      if (layer && !isPlainObject(layer.value))
        this.report({
          file: layer.display,
          jsonPath: '$',
          line: 1,
          column: 1,
          found: renderFound(layer.value),
          allowed: 'a JSON object',
        });
      else if (layer) layers.push(layer);
    }
    return layers;
  }

  private overlays(environment: string): JsonSource[] {
    const files = this.options.overlayFiles?.(environment) ?? [];
    return files
      .map((file) => this.source(file))
      .filter((s): s is JsonSource => s !== undefined && isPlainObject(s.value));
  }

  /** Built-in placeholders and the environment's variables; undefined when the basics are unusable. */
  private placeholderScope(merged: Record<string, unknown>, document: LayeredDocument): PlaceholderScope | undefined {
    const basics: Record<string, string> = {};
    for (const key of ['project', 'environment', 'account', 'account_id', 'region', 'name_prefix'] as const) {
      const value = merged[key];
      if (typeof value !== 'string') {
        // The schema reports it with the right wording; placeholders cannot be filled without it.
        this.validate(EnvironmentSettingsSchema, merged, document, []);
        return undefined;
      }
      basics[key] = value;
    }
    const report = (p: JsonPath, found: string, allowed: string): void =>
      this.report(document.problemAt(p, found, allowed));
    const { name_prefix: namePrefix, ...identity } = basics;
    const prefix = expandPlaceholders(namePrefix, { values: identity }, (_p, found, allowed) =>
      report(['name_prefix'], found, allowed),
    ) as string;
    const values: Record<string, string> = { ...identity, prefix };
    const variables = isPlainObject(merged.variables) ? merged.variables : {};
    for (const [key, value] of Object.entries(variables)) {
      if ((BUILT_IN_PLACEHOLDERS as readonly string[]).includes(key))
        report(
          ['variables', key],
          `a variable named "${key}"`,
          `a name other than the built-in placeholders ${BUILT_IN_PLACEHOLDERS.join(', ')}`,
        );
      else if (typeof value === 'string') values[key] = value;
    }
    return { values };
  }

  /** What {dependency.*} placeholders may name; map keys are only known from valid settings. */
  private batchDependencies(
    settings: EnvironmentSettings | undefined,
  ): Record<string, Record<string, DependencyOutput>> {
    const out: Record<string, Record<string, DependencyOutput>> = {};
    for (const [module, outputs] of Object.entries(this.options.batchJsonDependencies)) {
      out[module] = {};
      for (const [output, shape] of Object.entries(outputs)) {
        out[module]![output] =
          shape.kind === 'map'
            ? shape.keys && settings
              ? { kind: 'map', keys: shape.keys(settings) }
              : { kind: 'map' }
            : { kind: 'value' };
      }
    }
    return out;
  }

  private validate<T>(schema: ZodType<T>, value: unknown, document: LayeredDocument, at: JsonPath): T | undefined {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    problemsFromZod(result.error.issues, schema, (p, found, allowed) =>
      document.problemAt([...at, ...p], found, allowed),
    ).forEach((p) => this.report(p));
    return undefined;
  }

  private loadBatchResources(
    files: readonly string[],
    layers: readonly JsonSource[],
    scope: PlaceholderScope,
  ): LocatedBatch | undefined {
    const batch: LocatedBatch = {
      launchTemplates: [],
      computeEnvironments: [],
      jobQueues: [],
      jobDefinitions: [],
      logGroups: [],
      schedulingPolicies: [],
    };
    const before = this.reported;
    for (const file of files) {
      const document = this.batchDocument(file, layers);
      if (!document) continue;
      const beforeExpansion = this.reported;
      const value = expandPlaceholders(document.value, scope, (p, found, allowed) =>
        this.report(document.problemAt(p, found, allowed)),
      );
      if (this.reported !== beforeExpansion) continue;
      if (file === LOG_GROUPS_FILE) {
        const { schema, at } = logGroupsSchemaFor(value);
        Object.entries(this.validate(schema, value, document, []) ?? {}).forEach(([terraformName, config]) =>
          batch.logGroups.push({ terraformName, config, document, at: [...at, terraformName] }),
        );
      } else if (file in RESOURCE_FILES) {
        const spec = RESOURCE_FILES[file as keyof typeof RESOURCE_FILES];
        for (const entry of this.resourcesOf(value as Record<string, unknown>, spec, document)) {
          if (file === 'launch-template.json') {
            const config = this.validate(LaunchTemplateSchema, entry.value, document, entry.at);
            if (config)
              batch.launchTemplates.push({
                terraformName: config.terraform_name ?? entry.name,
                config: this.withUserData(config, document, entry.at),
                document,
                at: entry.at,
              });
          } else if (file === 'compute-environment.json') {
            const config = this.validate(ComputeEnvironmentSchema, entry.value, document, entry.at);
            if (config)
              batch.computeEnvironments.push({
                terraformName: config.terraform_name ?? entry.name,
                config,
                document,
                at: entry.at,
              });
          } else if (file === 'scheduling-policy.json') {
            const config = this.validate(SchedulingPolicySchema, entry.value, document, entry.at);
            if (config)
              batch.schedulingPolicies.push({
                terraformName: config.terraform_name ?? entry.name,
                config,
                document,
                at: entry.at,
              });
          } else {
            const config = this.validate(JobQueueSchema, entry.value, document, entry.at);
            if (config)
              batch.jobQueues.push({
                terraformName: config.terraform_name ?? entry.name,
                config,
                document,
                at: entry.at,
              });
          }
        }
      } else {
        const config = this.validate(JobDefinitionSchema, value, document, []);
        if (config)
          batch.jobDefinitions.push({
            terraformName: config.terraform_name ?? file.slice(0, -'.json'.length).replace(/-/g, '_'),
            config,
            document,
            at: [],
          });
      }
    }
    return this.reported === before ? batch : undefined;
  }

  /** The shared file merged with every layer's `batch_json` override of it. */
  private batchDocument(file: string, layers: readonly JsonSource[]): LayeredDocument | undefined {
    const source = this.source(path.join(this.batchJsonDir, file));
    if (!source) return undefined;
    if (!isPlainObject(source.value)) {
      this.report({
        file: source.display,
        jsonPath: '$',
        line: 1,
        column: 1,
        found: renderFound(source.value),
        allowed: 'a JSON object',
      });
      return undefined;
    }
    const document = new LayeredDocument(source);
    document.merge(source.value, source);
    for (const layer of layers) {
      const overrides = (layer.value as Record<string, unknown>).batch_json;
      if (!isPlainObject(overrides) || !(file in overrides)) continue;
      const override = overrides[file];
      if (isPlainObject(override)) document.merge(override, layer, ['batch_json', file]);
    }
    return document;
  }

  private resourcesOf(
    value: Record<string, unknown>,
    spec: { collectionKey: string; defaultName: string },
    document: LayeredDocument,
  ): { name: string; value: unknown; at: JsonPath }[] {
    const keys = Object.keys(value);
    if (!(keys.length === 1 && keys[0] === spec.collectionKey)) return [{ name: spec.defaultName, value, at: [] }];
    const collection = value[spec.collectionKey];
    if (!isPlainObject(collection) || Object.keys(collection).length === 0) {
      this.report(
        document.problemAt(
          [spec.collectionKey],
          renderFound(collection),
          'an object of resources keyed by their Terraform names',
        ),
      );
      return [];
    }
    return Object.entries(collection).flatMap(([name, entry]) => {
      const at = [spec.collectionKey, name];
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) {
        this.report(
          document.problemAt(at, `the key "${name}"`, 'a Terraform name: lower-case letters, digits and underscores'),
        );
        return [];
      }
      if (isPlainObject(entry) && 'terraform_name' in entry) {
        this.report(
          document.problemAt(
            [...at, 'terraform_name'],
            renderFound(entry.terraform_name),
            `no terraform_name inside ${spec.collectionKey}: the key "${name}" is the name`,
          ),
        );
        return [];
      }
      return [{ name, value: entry, at }];
    });
  }

  private withUserData(
    config: LaunchTemplateWithUserData,
    document: LayeredDocument,
    at: JsonPath,
  ): LaunchTemplateWithUserData {
    if (config.user_data_file === undefined) return config;
    const file = path.join(this.configDir, config.user_data_file);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      this.report(
        document.problemAt(
          [...at, 'user_data_file'],
          `"${config.user_data_file}", which is not a file (${this.display(file)})`,
          'the path of a file under config/',
        ),
      );
      return config;
    }
    const userData = fs.readFileSync(file, 'utf8');
    if (!/^Content-Type:\s*multipart\/mixed/im.test(userData)) {
      this.report(
        document.problemAt(
          [...at, 'user_data_file'],
          `"${config.user_data_file}", which is not MIME multi-part`,
          'MIME multi-part user data (Content-Type: multipart/mixed): AWS Batch rejects any other format in launch templates',
        ),
      );
    }
    return { ...config, userData };
  }

  private checkReferences(settings: EnvironmentSettings, envDocument: LayeredDocument, batch: LocatedBatch): void {
    this.checkUnique(batch);
    checkBatchReferences(batch, settings, (resource, p, found, allowed) =>
      this.report(resource.document.problemAt([...resource.at, ...p], found, allowed)),
    );

    for (const problem of workflowReferenceProblems(settings, batch))
      this.report(envDocument.problemAt(problem.path, problem.found, problem.allowed));
    this.checkModuleReferences(settings, envDocument);
    const queueNames = [settings.sqs.core_queue.name, settings.sqs.core_queue.dead_letter_queue.name];
    for (const [key, role] of Object.entries(settings.iam.job_roles)) {
      for (const field of ['sqs_send', 'sqs_consume'] as const) {
        role[field].forEach((queue, i) => {
          if (!queueNames.includes(queue))
            this.report(
              envDocument.problemAt(
                ['iam', 'job_roles', key, field, i],
                `"${queue}"`,
                `the name of a queue of the sqs stack: ${queueNames.join(', ')}`,
              ),
            );
        });
      }
    }
  }

  /** Mock outputs name modules and outputs that exist, in the output's shape; adoption, state keys and hooks name modules that exist. */
  private checkModuleReferences(settings: EnvironmentSettings, envDocument: LayeredDocument): void {
    const catalogue = this.options.stackOutputs;
    if (!catalogue) return;
    const modules = Object.keys(catalogue);
    for (const [module, outputs] of Object.entries(settings.dependencies.mock_outputs)) {
      const contract = catalogue[module];
      if (!contract) {
        this.report(
          envDocument.problemAt(
            ['dependencies', 'mock_outputs', module],
            `the module "${module}"`,
            `one of the modules: ${modules.join(', ')}`,
          ),
        );
        continue;
      }
      for (const [output, value] of Object.entries(outputs)) {
        const at = ['dependencies', 'mock_outputs', module, output];
        const shape = contract[output];
        const kind = typeof value === 'string' ? 'string' : Array.isArray(value) ? 'list' : 'map';
        if (!shape)
          this.report(
            envDocument.problemAt(
              at,
              `the output "${output}"`,
              `an output ${module} declares: ${Object.keys(contract).join(', ')}`,
            ),
          );
        else if (shape.kind !== kind)
          this.report(envDocument.problemAt(at, `a ${kind}`, `a ${shape.kind}, the shape of the output ${output}`));
      }
    }
    for (const module of Object.keys(settings.adoption).filter((m) => !catalogue[m])) {
      this.report(
        envDocument.problemAt(
          ['adoption', module],
          `the module "${module}"`,
          `one of the modules: ${modules.join(', ')}`,
        ),
      );
    }
    for (const module of Object.keys(settings.state.keys ?? {}).filter((m) => !catalogue[m])) {
      this.report(
        envDocument.problemAt(
          ['state', 'keys', module],
          `the module "${module}"`,
          `one of the modules: ${modules.join(', ')}`,
        ),
      );
    }
    for (const [name, hook] of Object.entries(settings.hooks)) {
      (hook.modules ?? []).forEach((module, i) => {
        if (!catalogue[module])
          this.report(
            envDocument.problemAt(
              ['hooks', name, 'modules', i],
              `the module "${module}"`,
              `one of the modules: ${modules.join(', ')}`,
            ),
          );
      });
    }
  }

  private checkUnique(batch: LocatedBatch): void {
    const kinds: [string, readonly Located<unknown>[], (r: Located<never>) => string, string][] = [
      ['launch template', batch.launchTemplates, (r: Located<LaunchTemplateWithUserData>) => r.config.name, 'name'],
      [
        'compute environment',
        batch.computeEnvironments,
        (r: Located<ComputeEnvironmentConfig>) => r.config.compute_environment_name,
        'compute_environment_name',
      ],
      ['job queue', batch.jobQueues, (r: Located<JobQueueConfig>) => r.config.name, 'name'],
      ['job definition', batch.jobDefinitions, (r: Located<JobDefinitionConfig>) => r.config.name, 'name'],
      ['log group', batch.logGroups, (r: Located<LogGroupConfig>) => r.config.name, 'name'],
      ['scheduling policy', batch.schedulingPolicies, (r: Located<SchedulingPolicyConfig>) => r.config.name, 'name'],
    ] as never;
    for (const [kind, resources, nameOf, field] of kinds) {
      const names = new Map<string, Located<unknown>>();
      const terraformNames = new Map<string, Located<unknown>>();
      for (const resource of resources) {
        const name = nameOf(resource as Located<never>);
        const first = names.get(name);
        if (first)
          this.report(
            resource.document.problemAt(
              [...resource.at, field],
              `the ${kind} name "${name}" a second time`,
              `a name no other ${kind} has (also used in ${first.document.problemAt(first.at, '', '').file})`,
            ),
          );
        names.set(name, resource);
        const firstTf = terraformNames.get(resource.terraformName);
        if (firstTf)
          this.report(
            resource.document.problemAt(
              [...resource.at, 'terraform_name'],
              `the Terraform name "${resource.terraformName}" a second time`,
              `a terraform_name no other ${kind} has`,
            ),
          );
        terraformNames.set(resource.terraformName, resource);
      }
    }
  }
}

type LocatedBatch = {
  -readonly [K in keyof LocatedBatchResources]: LocatedBatchResources[K] extends readonly Located<infer T>[]
    ? Located<T>[]
    : never;
};

function stripLocations(batch: LocatedBatch): BatchResources {
  const strip = <T>(items: Located<T>[]): NamedResource<T>[] =>
    items.map(({ terraformName, config }) => ({ terraformName, config }));
  return {
    launchTemplates: strip(batch.launchTemplates),
    computeEnvironments: strip(batch.computeEnvironments),
    jobQueues: strip(batch.jobQueues),
    jobDefinitions: strip(batch.jobDefinitions),
    logGroups: strip(batch.logGroups),
    schedulingPolicies: strip(batch.schedulingPolicies),
  };
}
