import * as path from 'path';
import type { Checked } from './checked';
import { failed, checked } from './checked';
import type { ConfigFiles } from './config-files';
import type { JsonSource } from './json-source';
import { isPlainObject, LayeredDocument } from './layered-document';

/**
 * A shared batch-json file merged with every layer's `batch_json` override of it, most general
 * layer first. An override that is not an object is left to the settings' schema to report.
 */
export function batchDocument(
  folder: string,
  file: string,
  layers: readonly JsonSource[],
  files: ConfigFiles,
): Checked<LayeredDocument> {
  const source = files.object(path.join(folder, file));
  if (!source.value) return failed(source.problems);
  const document = new LayeredDocument(source.value);
  document.merge(source.value.value, source.value);
  for (const layer of layers) {
    const overrides = (layer.value as Record<string, unknown>).batch_json;
    const override = isPlainObject(overrides) && Object.hasOwn(overrides, file) ? overrides[file] : undefined;
    if (isPlainObject(override)) document.merge(override, layer, ['batch_json', file]);
  }
  return document.problems.length === 0 ? checked(document) : failed(document.problems);
}
