import { containerFindings } from '../../container-definitions';
import { ofTypes, type ResourceRule } from '../../policy-rule';
import { booleanOf, rendered } from '../../terraform-values';

/** Containers write only where a volume or tmpfs is mounted; AWS defaults to a writable root. */
export const readOnlyRootFilesystem: ResourceRule = {
  id: 'BATCH-3',
  name: 'read-only-root-filesystem',
  reason:
    'a writable root filesystem lets a compromised job change its own binaries; write to a tmpfs or volume instead',
  sources: [
    'CKV_AWS_336 (for ECS task definitions, whose container properties Batch shares)',
    'AWS Config ECS_CONTAINERS_READONLY_ACCESS',
  ],
  scope: 'resource',
  appliesTo: ofTypes('aws_batch_job_definition', 'aws_ecs_task_definition'),
  check(resource) {
    return containerFindings(resource, (container) => {
      const value = container.properties.readonlyRootFilesystem;
      return booleanOf(value) === true
        ? []
        : [
            {
              attribute: `${container.attribute}.readonlyRootFilesystem`,
              found: rendered(value),
              allowed: 'true (AWS defaults to a writable root)',
            },
          ];
    });
  },
};
