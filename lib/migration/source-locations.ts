import * as fs from 'fs';
import * as path from 'path';

/**
 * A message about a file of the tree, told as `<file relative to the tree>:<line>`: every
 * absolute path under the tree is shown relative to it, and the line is where the expression the
 * message quotes is written (when it is found in the file).
 */
export function locateInTree(
  root: string,
  file: string | undefined,
  message: string,
): { where: string; message: string } {
  const relative = (p: string): string => path.relative(root, p).split(path.sep).join('/') || '.';
  const text = message.split(root + path.sep).join('');
  if (!file) return { where: 'the tree', message: text };
  const line = lineOfQuote(file, message);
  const stripped = text.startsWith(`${relative(file)}: `) ? text.slice(relative(file).length + 2) : text;
  return { where: `${relative(file)}${line ? `:${line}` : ''}`, message: stripped };
}

/** The line of the first expression or name the message quotes that the file holds. */
function lineOfQuote(file: string, message: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const quotes = [
    ...[...message.matchAll(/"([^"\n]{3,})"/g)].map((m) => m[1]!),
    ...[...message.matchAll(/\b((?:local|include|dependency|inputs|remote_state|terraform|generate)[\w.[\]"-]*)/g)].map(
      (m) => m[1]!,
    ),
    ...[...message.matchAll(/\b(\w+\([^()\n]*\))/g)].map((m) => m[1]!),
  ];
  for (const quote of quotes) {
    const index = text.indexOf(quote);
    if (index >= 0) return text.slice(0, index).split('\n').length;
  }
  return undefined;
}
