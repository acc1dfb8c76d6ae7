import * as path from 'path';
import { type Checked, checked, failed } from './checked';
import type { ConfigFiles } from './config-files';
import { readFile } from './file-reading';
import type { JsonPath } from './json-path';
import type { LayeredDocument } from './layered-document';
import type { LaunchTemplateWithUserData } from './platform-config';
import { decodeUtf8 } from './utf8-text';

/** A launch template with the user data its `user_data_file` names, read from config/. */
export function withUserData(
  config: LaunchTemplateWithUserData,
  document: LayeredDocument,
  at: JsonPath,
  configFolder: string,
  files: ConfigFiles,
): Checked<LaunchTemplateWithUserData> {
  const name = config.user_data_file;
  if (name === undefined) return checked(config);
  const file = path.join(configFolder, name);
  const problem = (found: string, allowed: string): Checked<LaunchTemplateWithUserData> =>
    failed([document.problemAt([...at, 'user_data_file'], found, allowed)]);
  if (path.relative(configFolder, file).startsWith('..'))
    return problem(`"${name}", a path outside config/`, 'the path of a file under config/');
  const read = readFile(file);
  if ('failure' in read) {
    const display = files.display(file);
    const found = ['no such file', 'a directory'].includes(read.failure)
      ? `"${name}", which is not a file (${display})`
      : `"${name}", which cannot be read (${display}: ${read.failure})`;
    return problem(found, 'the path of a file under config/');
  }
  const decoded = decodeUtf8(read.bytes);
  if ('notUtf8' in decoded) {
    const { line, column, found } = decoded.notUtf8;
    return problem(`"${name}" (${files.display(file)}:${line}:${column}) with ${found}`, 'a UTF-8 text file');
  }
  if (!/^Content-Type:\s*multipart\/mixed/im.test(decoded.text))
    return problem(
      `"${name}", which is not MIME multi-part`,
      'MIME multi-part user data (Content-Type: multipart/mixed): ' +
        'AWS Batch rejects any other format in launch templates',
    );
  return checked({ ...config, userData: decoded.text });
}
