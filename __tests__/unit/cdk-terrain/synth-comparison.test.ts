import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareSynthOutputs, jsonPath } from '../../../lib/cdk-terrain/synth-comparison';

/** Writes `files` (relative name -> exact text) under a new folder. */
function output(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-output-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// What cdktf 0.21 writes: two-space JSON, empty arrays opened on one line and closed on the next.
const CDKTF_STACK = `{
  "//": {
    "metadata": {
      "backend": "s3",
      "stackName": "dev-sqs",
      "version": "0.21.0"
    },
    "outputs": {
    }
  },
  "resource": {
    "aws_sqs_queue": {
      "core_queue": {
        "name": "gss-dev-core",
        "tags": {
        },
        "visibility_timeout_seconds": 900
      }
    }
  },
  "terraform": {
    "required_providers": {
      "aws": {
        "source": "aws",
        "version": "5.100.0"
      }
    }
  }
}`;
const CDKTF_MANIFEST = `{
  "version": "0.21.0",
  "stacks": {
    "dev-sqs": {
      "annotations": [
      ],
      "dependencies": [
      ],
      "synthesizedStackPath": "stacks/dev-sqs/cdk.tf.json"
    }
  }
}`;

describe('comparing a cdktf synth with a CDK Terrain synth', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>): string => {
    const dir = output(files);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const cdktf = (): string => make({ 'manifest.json': CDKTF_MANIFEST, 'stacks/dev-sqs/cdk.tf.json': CDKTF_STACK });

  test('layout, key order and the framework version recorded as metadata are not differences', () => {
    // cdktn's layout: compact empty containers, keys in another order, its own version.
    const stack = JSON.parse(CDKTF_STACK) as { '//': { metadata: Record<string, string> } };
    stack['//'].metadata.version = '0.24.0';
    const reordered = { terraform: (JSON.parse(CDKTF_STACK) as Record<string, unknown>).terraform, ...stack };
    const manifest = { ...(JSON.parse(CDKTF_MANIFEST) as object), version: '0.24.0' };
    const comparison = compareSynthOutputs(
      cdktf(),
      make({
        'manifest.json': JSON.stringify(manifest),
        'stacks/dev-sqs/cdk.tf.json': JSON.stringify(reordered, null, 1),
      }),
    );
    expect(comparison.files).toBe(2);
    expect(comparison.failures).toEqual([]);
    expect(comparison.allowed).toEqual([
      { file: 'manifest.json', path: '$.version', cdktf: '0.21.0', cdktn: '0.24.0' },
      { file: 'stacks/dev-sqs/cdk.tf.json', path: '$["//"].metadata.version', cdktf: '0.21.0', cdktn: '0.24.0' },
    ]);
  });

  test('any other difference fails, naming the file and the JSON path', () => {
    const changed = CDKTF_STACK.replace('"visibility_timeout_seconds": 900', '"visibility_timeout_seconds": "900"')
      .replace('"tags": {\n        }', '"tags": {"Name": "core"}')
      .replace('"outputs": {\n    }', '"outputs": {"queue_url": "x"}');
    const comparison = compareSynthOutputs(
      cdktf(),
      make({ 'manifest.json': CDKTF_MANIFEST, 'stacks/dev-sqs/cdk.tf.json': changed }),
    );
    expect(comparison.failures).toEqual([
      { file: 'stacks/dev-sqs/cdk.tf.json', path: '$["//"].outputs.queue_url', cdktf: undefined, cdktn: 'x' },
      {
        file: 'stacks/dev-sqs/cdk.tf.json',
        path: '$.resource.aws_sqs_queue.core_queue.tags.Name',
        cdktf: undefined,
        cdktn: 'core',
      },
      {
        file: 'stacks/dev-sqs/cdk.tf.json',
        path: '$.resource.aws_sqs_queue.core_queue.visibility_timeout_seconds',
        cdktf: 900,
        cdktn: '900',
      },
    ]);
  });

  test('a file only one side wrote, an array of another length and a file that is not JSON are differences', () => {
    const stack = JSON.parse(CDKTF_STACK) as { resource: { aws_sqs_queue: { core_queue: Record<string, unknown> } } };
    stack.resource.aws_sqs_queue.core_queue.tags = [];
    const comparison = compareSynthOutputs(
      make({ 'manifest.json': CDKTF_MANIFEST, 'stacks/dev-sqs/cdk.tf.json': CDKTF_STACK, 'stacks/dev-sqs/a.txt': 'a' }),
      make({
        'manifest.json': CDKTF_MANIFEST.replace('"dependencies": [\n      ]', '"dependencies": ["dev-iam"]'),
        'stacks/dev-sqs/cdk.tf.json': JSON.stringify(stack),
        'stacks/dev-sqs/a.txt': 'b',
        'stacks/dev-iam/cdk.tf.json': '{}',
      }),
    );
    expect(comparison.failures.map((f) => `${f.file} ${f.path}`)).toEqual([
      'manifest.json $.stacks["dev-sqs"].dependencies[0]',
      'stacks/dev-iam/cdk.tf.json (the whole file)',
      'stacks/dev-sqs/a.txt (the whole file)',
      'stacks/dev-sqs/cdk.tf.json $.resource.aws_sqs_queue.core_queue.tags',
    ]);
    expect(comparison.failures[1]).toMatchObject({ cdktf: 'missing', cdktn: 'present' });
  });

  test('JSON paths quote what is not a plain name', () => {
    expect(jsonPath(['//', 'metadata', 'version'])).toBe('$["//"].metadata.version');
    expect(jsonPath(['resource', 'aws_iam_role', 'batch-service', 'assume_role_policy'])).toBe(
      '$.resource.aws_iam_role["batch-service"].assume_role_policy',
    );
    expect(jsonPath(['a', 0, 'b'])).toBe('$.a[0].b');
    expect(jsonPath([])).toBe('$');
  });
});
