import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../../support/config-fixture';

test("docs/plan-review.md's example comment is the golden comment the Terraform tests produce from real plans", () => {
  const page = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'plan-review.md'), 'utf8');
  const golden = fs.readFileSync(
    path.join(PROJECT_ROOT, '__tests__', 'terraform', 'golden', 'plan-review', 'pull-request.md'),
    'utf8',
  );
  expect(page.includes(golden)).toBe(true);
});
