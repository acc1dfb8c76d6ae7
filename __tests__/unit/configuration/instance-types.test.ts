import * as fs from 'fs';
import { loadConfiguration } from '../../../main';
import { INSTANCE_TYPES_MODULE, instanceTypesSource } from '../../../scripts/generate-instance-types';
import { ConfigFixture } from '../../support/config-fixture';
import { loadProblems } from './loading';

test("the committed instance types are the EC2 API's list as the AWS SDK ships it", () => {
  // When this fails after an SDK update: node --import tsx scripts/generate-instance-types.ts
  expect(fs.readFileSync(INSTANCE_TYPES_MODULE, 'utf8')).toBe(instanceTypesSource());
});

describe('instance types are checked against the EC2 API', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  const withInstanceTypes = (types: string[]): void => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.batch_json['compute-environment.json'].compute_resources.instance_types = types;
    });
  };

  test('a size the family does not have lists the sizes it has', () => {
    withInstanceTypes(['c5.huge']);
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        file: 'config/environments/dev.json',
        jsonPath: '$.batch_json["compute-environment.json"].compute_resources.instance_types[0]',
        found: '"c5.huge"',
        allowed:
          'a size of the c5 family: c5.large, c5.xlarge, c5.2xlarge, c5.4xlarge, c5.9xlarge, c5.12xlarge, ' +
          "c5.18xlarge, c5.24xlarge, c5.metal (the EC2 API's types)",
      }),
    ]);
  });

  test('a family that does not exist names the closest one', () => {
    withInstanceTypes(['m6x.large', 'r7q']);
    expect(loadProblems(fixture, ['dev']).map((p) => [p.found, p.allowed])).toEqual([
      ['"m6x.large"', expect.stringMatching(/a family such as "c5".*; the closest family is "m6\w"$/)],
      ['"r7q"', expect.stringMatching(/the closest family is "r7\w"$/)],
    ]);
  });

  test("families and Batch's own choices are instance types too", () => {
    withInstanceTypes(['c5', 'm6i.2xlarge', 'default_x86_64', 'default_arm64', 'u-6tb1', 'c7i-flex.large']);
    const dev = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
    expect(dev.batch.computeEnvironments[0]!.config.compute_resources!.instance_types).toHaveLength(6);
  });

  test("a multi-node job's instanceType is a type, not a family", () => {
    fixture.editJson('batch-json/batch-processing-job.json', (d) => {
      d.type = 'multinode';
      delete d.container_properties;
      const container = { image: 'mpi:1', vcpus: 2, memory: 4096, instanceType: 'c5' };
      d.node_properties = { numNodes: 2, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:', container }] };
    });
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        jsonPath: '$.node_properties.nodeRangeProperties[0].container.instanceType',
        found: '"c5"',
        allowed: expect.stringMatching(/^a size of the c5 family: c5.large, c5.xlarge, /),
      }),
    ]);
  });

  test('"optimal" is an instance type, refused for being deprecated, not for being unknown', () => {
    withInstanceTypes(['optimal']);
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({ allowed: '"default_x86_64" or explicit types: "optimal" is deprecated by AWS Batch' }),
    ]);
  });
});
