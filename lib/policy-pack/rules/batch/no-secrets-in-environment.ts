import { secretInValue } from '../../../secrets/secret-patterns';
import { containerFindings } from '../../container-definitions';
import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';
import { isObject } from '../../terraform-values';

/** Job environment values are visible to anyone who may describe the job definition: secrets go through `secrets`. */
export const noSecretsInEnvironment: ResourceRule = {
  id: 'BATCH-1',
  name: 'no-secrets-in-job-environment',
  reason:
    'environment values are readable by anyone allowed to describe the job; ' +
    'secrets belong in `secrets`, injected from Secrets Manager or SSM',
  sources: ['https://docs.aws.amazon.com/batch/latest/userguide/specifying-sensitive-data.html'],
  scope: 'resource',
  appliesTo: ofTypes('aws_batch_job_definition', 'aws_ecs_task_definition'),
  check(resource) {
    return containerFindings(resource, (container) => {
      const environment: unknown[] = Array.isArray(container.properties.environment)
        ? container.properties.environment
        : [];
      return environment.flatMap((variable, i): PolicyFinding[] => {
        if (!isObject(variable) || typeof variable.name !== 'string' || typeof variable.value !== 'string') return [];
        const secret = secretInValue(variable.name, variable.value);
        return secret
          ? [
              {
                attribute: `${container.attribute}.environment[${i}].value`,
                found: secret,
                allowed:
                  `no secret values: move ${variable.name} to "secrets" ` +
                  'with a valueFrom Secrets Manager or SSM ARN',
              },
            ]
          : [];
      });
    });
  },
};
