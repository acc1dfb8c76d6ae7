import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../../support/config-fixture';

test("the README's example comment is the golden comment the Terraform tests produce from real plans", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const golden = fs.readFileSync(
    path.join(PROJECT_ROOT, '__tests__', 'terraform', 'golden', 'plan-review', 'pull-request.md'),
    'utf8',
  );
  expect(readme.includes(golden)).toBe(true);
});
