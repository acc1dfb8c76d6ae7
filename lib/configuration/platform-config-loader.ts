import * as path from 'path';
import { batchReferenceProblems } from './batch-references';
import { type BatchJsonFiles, discoverBatchJson, overrideNameProblems } from './batch-json-files';
import { loadBatchResources } from './batch-resources';
import { type Checked, checked, failed } from './checked';
import { ConfigError, type ConfigProblem, formatProblem } from './config-error';
import { ConfigFiles } from './config-files';
import { environmentLayers, type EnvironmentLayers } from './environment-layers';
import { environmentNames } from './environment-names';
import { jobRoleQueueProblems } from './job-role-references';
import type { LayeredDocument } from './layered-document';
import { type LocatedBatchResources, withoutLocations } from './located-batch';
import { moduleReferenceProblems } from './module-references';
import type { DependencyOutput, PlaceholderScope } from './placeholders';
import type { EnvironmentConfig, OutputCatalogue, PlatformConfig } from './platform-config';
import type { ReferenceProblem } from './reference-problem';
import { EnvironmentSettingsSchema, type EnvironmentSettings } from './schemas/environment-schema';
import { validateAt } from './schema-validation';
import { expandSettingsPlaceholders } from './settings-placeholders';
import { sharedStateProblems } from './shared-state';
import { uniqueNameProblems } from './unique-names';
import { workflowReferenceProblems } from './workflow-references';

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
  /** Every module (stack) and the outputs it declares: what settings may name. */
  readonly stackOutputs: OutputCatalogue;
  /** Folder that file names in messages are relative to; the working directory by default. */
  readonly displayRoot?: string;
}

/** One load's folders and files. */
interface Load {
  readonly options: LoadOptions;
  readonly configFolder: string;
  readonly batchJsonFolder: string;
  readonly files: ConfigFiles;
}

/** An environment that loaded, with what the checks across environments need. */
interface LoadedEnvironment {
  readonly config: EnvironmentConfig;
  readonly document: LayeredDocument;
}

/**
 * Reads config/ and batch-json/ for every environment and checks them, step by step: discover
 * the files, merge each environment's layers, fill placeholders, validate against the schemas,
 * check the references between files, then what spans environments (their states). Throws one
 * ConfigError listing every problem found; nothing is built from a configuration that has any.
 * A step that fails stops its environment: what follows would only report follow-on errors.
 */
export function loadPlatformConfig(options: LoadOptions): PlatformConfig {
  const load: Load = {
    options,
    configFolder: path.join(options.root, 'config'),
    batchJsonFolder: path.join(options.root, 'batch-json'),
    files: new ConfigFiles(options.displayRoot ?? process.cwd()),
  };
  // Environments that share a broken file each stop at it: the same problem, reported once.
  const problems = new Map<string, ConfigProblem>();
  const report = (found: readonly ConfigProblem[]): void =>
    found.forEach((problem) => problems.set(formatProblem(problem), problem));
  const keep = <T>(result: Checked<T>): T | undefined => {
    report(result.problems);
    return result.value;
  };
  const names = keep(environmentNames(path.join(load.configFolder, 'environments'), options.environments, load.files));
  const batchJson = discoverBatchJson(load.batchJsonFolder, load.files);
  report(batchJson.problems);
  const loaded = (names ?? []).flatMap((name) => keep(loadEnvironment(name, batchJson.found, load)) ?? []);
  const owners = loaded.map(({ config, document }) => ({ name: config.name, settings: config.settings, document }));
  report(sharedStateProblems(owners, Object.keys(options.stackOutputs)));
  if (problems.size > 0) throw new ConfigError([...problems.values()]);
  return { root: options.root, environments: loaded.map((environment) => environment.config) };
}

function loadEnvironment(name: string, batchFiles: BatchJsonFiles, load: Load): Checked<LoadedEnvironment> {
  const overlayFiles = load.options.overlayFiles?.(name) ?? [];
  const layers = environmentLayers(name, { configFolder: load.configFolder, overlayFiles }, load.files);
  if (!layers.value) return failed(layers.problems);
  const { sources, document } = layers.value;
  const problems: ConfigProblem[] = [
    ...layers.problems,
    ...sources.flatMap((source) => overrideNameProblems(source, batchFiles)),
  ];
  const expanded = expandSettingsPlaceholders(document);
  problems.push(...expanded.problems);
  if (!expanded.value) return failed(problems);
  // A value with an unfilled placeholder is reported once, not again by the schema.
  const settings = expanded.value.settings && validateAt(EnvironmentSettingsSchema, expanded.value.settings, document);
  problems.push(...(settings?.problems ?? []));
  // The batch-json files are checked even when the settings are not, so one run reports everything.
  const scope: PlaceholderScope = {
    values: expanded.value.values,
    dependencies: batchDependencies(load.options.batchJsonDependencies, settings?.value),
  };
  const batch = loadBatchResources(batchFiles, {
    folder: load.batchJsonFolder,
    configFolder: load.configFolder,
    layers: sources,
    scope,
    files: load.files,
  });
  problems.push(...batch.problems);
  if (!settings?.value || !batch.value || !batchFiles.complete) return failed(problems);
  // Valid settings and batch-json: the environment goes on to the checks across environments even
  // when its references are wrong, as neither depends on the other; the load throws on any problem.
  problems.push(...referenceProblems(settings.value, document, batch.value, load.options.stackOutputs));
  const config = environmentConfig(name, settings.value, batch.value, layers.value, load);
  return checked({ config, document }, problems);
}

/** What the references between files say: names that must exist, and names that must be unique. */
function referenceProblems(
  settings: EnvironmentSettings,
  document: LayeredDocument,
  batch: LocatedBatchResources,
  catalogue: OutputCatalogue,
): ConfigProblem[] {
  const inSettings = (problem: ReferenceProblem): ConfigProblem =>
    document.problemAt(problem.path, problem.found, problem.allowed);
  return [
    ...uniqueNameProblems(batch),
    ...batchReferenceProblems(batch, settings),
    ...workflowReferenceProblems(settings, withoutLocations(batch)).map(inSettings),
    ...moduleReferenceProblems(settings, catalogue).map(inSettings),
    ...jobRoleQueueProblems(settings).map(inSettings),
  ];
}

function environmentConfig(
  name: string,
  settings: EnvironmentSettings,
  batch: LocatedBatchResources,
  layers: EnvironmentLayers,
  load: Load,
): EnvironmentConfig {
  const suppressions = layers.document.sourceAt(['policy', 'suppressions']).file;
  return {
    name,
    settings,
    batch: withoutLocations(batch),
    ...(settings.policy.suppressions.length > 0 && suppressions
      ? { policySuppressionsFile: path.relative(load.options.root, suppressions) }
      : {}),
  };
}

/** What {dependency.*} placeholders may name; the keys of map outputs are only known from valid settings. */
function batchDependencies(
  catalogue: OutputCatalogue,
  settings: EnvironmentSettings | undefined,
): Record<string, Record<string, DependencyOutput>> {
  return Object.fromEntries(
    Object.entries(catalogue).map(([module, outputs]) => [
      module,
      Object.fromEntries(
        Object.entries(outputs).map(([output, shape]): [string, DependencyOutput] => [
          output,
          shape.kind !== 'map'
            ? { kind: 'value' }
            : shape.keys && settings
              ? { kind: 'map', keys: shape.keys(settings) }
              : { kind: 'map' },
        ]),
      ),
    ]),
  );
}
