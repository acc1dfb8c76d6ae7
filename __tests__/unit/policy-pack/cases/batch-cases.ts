import { notPrivileged } from '../../../../lib/policy-pack/rules/batch/not-privileged';
import { noSecretsInEnvironment } from '../../../../lib/policy-pack/rules/batch/no-secrets-in-environment';
import { readOnlyRootFilesystem } from '../../../../lib/policy-pack/rules/batch/read-only-root-filesystem';
import type { RuleCases } from '../rule-case';

const container = {
  image: 'repo/image:1',
  readonlyRootFilesystem: true,
  privileged: false,
  environment: [{ name: 'AWS_REGION', value: 'eu-west-1' }],
};
const job = (properties: object): { aws_batch_job_definition: Record<string, object> } => ({
  aws_batch_job_definition: {
    job: { name: 'job', type: 'container', container_properties: JSON.stringify({ ...container, ...properties }) },
  },
});
const multinode = (properties: object): { aws_batch_job_definition: Record<string, object> } => ({
  aws_batch_job_definition: {
    job: {
      name: 'job',
      type: 'multinode',
      node_properties: JSON.stringify({
        mainNode: 0,
        numNodes: 2,
        nodeRangeProperties: [{ targetNodes: '0:', container: { ...container, ...properties } }],
      }),
    },
  },
});

/** A job of a main container and a sidecar (ecs_properties); `properties` change the sidecar. */
const sidecar = (properties: object): { aws_batch_job_definition: Record<string, object> } => ({
  aws_batch_job_definition: {
    job: {
      name: 'job',
      type: 'container',
      ecs_properties: JSON.stringify({
        taskProperties: [
          {
            containers: [
              { name: 'main', ...container },
              { name: 'sidecar', ...container, essential: false, ...properties },
            ],
          },
        ],
      }),
    },
  },
});

export const BATCH_CASES: readonly RuleCases[] = [
  {
    rule: noSecretsInEnvironment,
    compliant: [
      {
        name: 'plain settings in environment, the secret under secrets',
        resource: job({
          secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db' }],
        }),
      },
      {
        name: 'a secret-looking name holding a number',
        resource: job({ environment: [{ name: 'TOKEN_TTL_SECONDS', value: '300' }] }),
      },
      {
        name: 'a sidecar taking its secret from Secrets Manager',
        resource: sidecar({
          secrets: [{ name: 'API_TOKEN', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:api' }],
        }),
      },
    ],
    noncompliant: [
      {
        name: 'a password as a literal environment value',
        resource: job({ environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }),
        attribute: 'container_properties.environment[0].value',
      },
      {
        name: 'an access key id under a harmless name',
        resource: job({
          environment: [
            { name: 'AWS_REGION', value: 'eu-west-1' },
            { name: 'SETTINGS', value: 'key=AKIAIOSFODNN7EXAMPLE' },
          ],
        }),
        attribute: 'container_properties.environment[1].value',
      },
      {
        name: 'container properties Terraform computes',
        resource: {
          aws_batch_job_definition: {
            job: { name: 'job', type: 'container', container_properties: '${jsonencode(local.container)}' },
          },
        },
        attribute: 'container_properties',
      },
      {
        name: 'a sidecar with a password as a literal environment value',
        resource: sidecar({
          environment: [
            { name: 'AWS_REGION', value: 'eu-west-1' },
            { name: 'DB_PASSWORD', value: 'hunter2' },
          ],
        }),
        attribute: 'ecs_properties.taskProperties[0].containers[1].environment[1].value',
      },
      {
        name: 'ecs properties Terraform computes',
        resource: {
          aws_batch_job_definition: {
            job: { name: 'job', type: 'container', ecs_properties: '${jsonencode(local.task)}' },
          },
        },
        attribute: 'ecs_properties',
      },
    ],
  },
  {
    rule: notPrivileged,
    compliant: [
      { name: 'privileged false', resource: job({}) },
      { name: 'privileged not set (AWS default false)', resource: job({ privileged: undefined }) },
      { name: 'no privileged container in a multi-container task', resource: sidecar({}) },
    ],
    noncompliant: [
      {
        name: 'a privileged container',
        resource: job({ privileged: true }),
        attribute: 'container_properties.privileged',
      },
      {
        name: 'a privileged node of a multi-node job',
        resource: multinode({ privileged: true }),
        attribute: 'node_properties.nodeRangeProperties[0].container.privileged',
      },
      {
        name: 'a privileged sidecar',
        resource: sidecar({ privileged: true }),
        attribute: 'ecs_properties.taskProperties[0].containers[1].privileged',
      },
    ],
  },
  {
    rule: readOnlyRootFilesystem,
    compliant: [
      { name: 'a read-only root filesystem', resource: job({}) },
      { name: 'every node of a multi-node job read-only', resource: multinode({}) },
      { name: 'every container of a multi-container task read-only', resource: sidecar({}) },
    ],
    noncompliant: [
      {
        name: 'readonlyRootFilesystem not set (AWS default writable)',
        resource: job({ readonlyRootFilesystem: undefined }),
        attribute: 'container_properties.readonlyRootFilesystem',
      },
      {
        name: 'an ECS task container with a writable root',
        resource: {
          aws_ecs_task_definition: {
            task: {
              family: 't',
              container_definitions: JSON.stringify([{ name: 'app', image: 'x', readonlyRootFilesystem: false }]),
            },
          },
        },
        attribute: 'container_definitions[0].readonlyRootFilesystem',
      },
      {
        name: 'a sidecar with a writable root',
        resource: sidecar({ readonlyRootFilesystem: false }),
        attribute: 'ecs_properties.taskProperties[0].containers[1].readonlyRootFilesystem',
      },
    ],
  },
];
