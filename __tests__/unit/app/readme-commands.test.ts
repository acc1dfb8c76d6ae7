import * as fs from 'fs';
import * as path from 'path';
import { readmeLines } from '../../terraform/local-aws-readme-commands';
import { PROJECT_ROOT } from '../../support/config-fixture';

describe('the commands the fresh-copy walkthrough runs are the README’s own', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  /** A README line: in a code block, alone on its line or before a `#` comment. */
  const lines = new Set(readme.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()));

  test.each(readmeLines())('README.md has the line: %s', (command) => {
    expect(lines.has(command)).toBe(true);
  });
});
