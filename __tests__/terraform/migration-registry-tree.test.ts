import * as path from 'path';
import { applyForeignTree, FOREIGN_TREES } from '../support/foreign-tree';
import { describeMigrationOf } from '../support/migration-e2e';

jest.setTimeout(120 * 60_000);

describeMigrationOf({
  name: 'the registry-style tree (map-of-objects inputs, no IAM unit, log groups in a unit of their own)',
  apply: async (localAws, work) => {
    await applyForeignTree({
      tree: FOREIGN_TREES.registry,
      endpoint: localAws.endpoint,
      accountId: localAws.accountId,
      workDir: path.join(work, 'applied'),
      requireStablePlan: false,
    });
    return { live: path.join(FOREIGN_TREES.registry, 'live'), environments: ['staging'] };
  },
});
