import { containerFindings } from '../../container-definitions';
import { ofTypes, type ResourceRule } from '../../policy-rule';
import { booleanOf } from '../../terraform-values';

/** A privileged container is root on the host. */
export const notPrivileged: ResourceRule = {
  id: 'BATCH-2',
  name: 'container-not-privileged',
  reason: 'a privileged container has root access to the host and every other job on it',
  sources: ['CKV_AWS_210'],
  scope: 'resource',
  appliesTo: ofTypes('aws_batch_job_definition', 'aws_ecs_task_definition'),
  check(resource) {
    return containerFindings(resource, (container) =>
      booleanOf(container.properties.privileged) === true
        ? [{ attribute: `${container.attribute}.privileged`, found: 'true', allowed: 'false or not set' }]
        : [],
    );
  },
};
