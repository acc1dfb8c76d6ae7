import * as fs from 'fs';
import * as path from 'path';
import { replaceGeneratedSections } from '../../../lib/documentation/generated-sections';
import { renderOutputsTable } from '../../../lib/documentation/outputs-table';
import { listOutput, mapOutput, stringOutput } from '../../../lib/deployment/stack-outputs';
import { renderStackReference } from '../../../scripts/stack-docs';
import { PROJECT_ROOT } from '../../support/config-fixture';

describe('the generated stack reference', () => {
  test('docs/stacks.md is what `npm run docs:stacks` writes from the output contracts', () => {
    const page = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'stacks.md'), 'utf8');
    expect(renderStackReference(page)).toBe(page);
  });

  test('an outputs table lists every output of the contract with its kind, description and readers', () => {
    const contract = {
      queue_url: stringOutput('URL of the queue'),
      subnet_ids: listOutput('Subnets | of the jobs'),
      role_arns: mapOutput('ARN of each role'),
    };
    expect(renderOutputsTable(contract, { batch: ['queue_url'], 'step-function': ['queue_url', 'role_arns'] })).toBe(
      [
        '| output | kind | description | read by |',
        '| --- | --- | --- | --- |',
        '| `queue_url` | string | URL of the queue | `batch`, `step-function` |',
        '| `subnet_ids` | list | Subnets \\| of the jobs | - |',
        '| `role_arns` | map | ARN of each role | `step-function` |',
      ].join('\n'),
    );
  });

  test("only the text between a section's markers is replaced", () => {
    const page = 'intro\n<!-- BEGIN GENERATED: a -->\nold\n<!-- END GENERATED: a -->\noutro\n';
    expect(replaceGeneratedSections(page, { a: 'new\n' }, 'page.md')).toBe(
      'intro\n<!-- BEGIN GENERATED: a -->\nnew\n<!-- END GENERATED: a -->\noutro\n',
    );
  });

  test('a section without its markers is an error naming the page and the markers', () => {
    expect(() => replaceGeneratedSections('text', { a: 'new' }, 'docs/x.md')).toThrow(
      'docs/x.md: no "<!-- BEGIN GENERATED: a -->" ... "<!-- END GENERATED: a -->" markers, in that order',
    );
  });
});
