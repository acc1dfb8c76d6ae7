import * as path from 'path';
import { type Checked, checked, failed } from './checked';
import { describeChoices } from './closest-match';
import { renderFound, type ConfigProblem } from './config-error';
import type { ConfigFiles } from './config-files';
import { jsonFileNames } from './environment-names';
import { readFolder } from './file-reading';
import type { JsonSource } from './json-source';
import { LayeredDocument } from './layered-document';

/** One environment's layers, most general first, and their merge. */
export interface EnvironmentLayers {
  /** defaults.json, the account and region layers, the environment's file, then any overlays. */
  readonly sources: readonly JsonSource[];
  /** The layers merged, each value remembering the file that set it. */
  readonly document: LayeredDocument;
}

/** Where an environment's layers are. */
export interface LayerLocations {
  /** The config/ folder. */
  readonly configFolder: string;
  /** Extra layers merged last, such as the local AWS's network ids. */
  readonly overlayFiles: readonly string[];
}

/**
 * Reads and merges an environment's layers: config/defaults.json, the account and region layers
 * the environment names, config/environments/<name>.json, then the overlays. Undefined when a
 * layer is missing or broken: the environment would only produce follow-on errors without it.
 */
export function environmentLayers(
  name: string,
  locations: LayerLocations,
  files: ConfigFiles,
): Checked<EnvironmentLayers> {
  const { configFolder } = locations;
  const defaults = files.object(path.join(configFolder, 'defaults.json'));
  const environment = files.object(path.join(configFolder, 'environments', `${name}.json`));
  if (!defaults.value || !environment.value) return failed([...defaults.problems, ...environment.problems]);
  const middle = [
    namedLayer('account', 'accounts', defaults.value, environment.value, configFolder, files),
    namedLayer('region', 'regions', defaults.value, environment.value, configFolder, files),
  ];
  const overlays = locations.overlayFiles.map((file) => files.object(file));
  const problems = [...middle, ...overlays].flatMap((layer) => layer.problems);
  if (problems.length > 0) return failed(problems);
  const sources = [defaults, ...middle, environment, ...overlays].map((layer) => layer.value!);
  const document = new LayeredDocument(environment.value);
  sources.forEach((source) => document.merge(source.value, source));
  if (document.problems.length > 0) return failed(document.problems);
  if (document.value.environment === name) return checked({ sources, document });
  return checked({ sources, document }, [
    document.problemAt(['environment'], renderFound(document.value.environment), `"${name}", the name of the file`),
  ]);
}

/**
 * The account or region layer: the file of config/<folder>/ named by `key` in the environment's file or
 * defaults.json.
 */
function namedLayer(
  key: 'account' | 'region',
  folder: 'accounts' | 'regions',
  defaults: JsonSource,
  environment: JsonSource,
  configFolder: string,
  files: ConfigFiles,
): Checked<JsonSource> {
  const written = (environment.value as Record<string, unknown>)[key];
  const blame = written === undefined ? defaults : environment;
  const value = written ?? (defaults.value as Record<string, unknown>)[key];
  const problem = (found: string, allowed: string): ConfigProblem[] => [
    { file: blame.display, jsonPath: `$.${key}`, ...blame.locate([key]), found, allowed },
  ];
  if (typeof value !== 'string' || !/^[a-z0-9-]+$/.test(value))
    return failed(problem(renderFound(value), `the name of a file in config/${folder}/ (without .json)`));
  const dir = path.join(configFolder, folder);
  const listing = readFolder(dir);
  if ('failure' in listing)
    return failed([
      { file: files.display(dir), jsonPath: '$', found: listing.failure, allowed: `a folder of ${key} layers` },
    ]);
  const choices = 'names' in listing ? jsonFileNames(listing.names) : [];
  if (!choices.includes(value)) {
    const file = files.display(path.join(dir, `${value}.json`));
    return failed(
      problem(
        `"${value}", which has no file ${file}`,
        choices.length > 0 ? describeChoices(value, choices) : `a file config/${folder}/<name>.json`,
      ),
    );
  }
  return files.object(path.join(dir, `${value}.json`));
}
