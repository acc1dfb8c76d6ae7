import * as path from 'path';
import { applyForeignTree, FOREIGN_TREES } from '../support/foreign-tree';
import { describeMigrationOf } from '../support/migration-e2e';

jest.setTimeout(120 * 60_000);

describeMigrationOf({
  name: 'the prefix-style tree (modules that take a name prefix, _envcommon includes, DynamoDB locks)',
  apply: async (localAws, work) => {
    await applyForeignTree({
      tree: FOREIGN_TREES.prefix,
      endpoint: localAws.endpoint,
      accountId: localAws.accountId,
      workDir: path.join(work, 'applied'),
      requireStablePlan: false,
    });
    return { live: path.join(FOREIGN_TREES.prefix, 'live'), environments: ['dev', 'prod'] };
  },
});
