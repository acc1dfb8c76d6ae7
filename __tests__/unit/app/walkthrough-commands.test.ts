import * as fs from 'fs';
import * as path from 'path';
import { documentedLines } from '../../terraform/walkthrough-commands';
import { PROJECT_ROOT } from '../../support/config-fixture';

/** A page's command lines: in a code block, alone on its line or before a `#` comment. */
function commandLines(page: string): Set<string> {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, page), 'utf8');
  return new Set(text.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()));
}

describe('the commands the fresh-copy walkthrough runs are the documentation’s own', () => {
  test.each(documentedLines())('%s has the line: %s', (page, command) => {
    expect(commandLines(page).has(command)).toBe(true);
  });
});
