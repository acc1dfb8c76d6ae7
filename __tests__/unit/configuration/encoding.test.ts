import { loadConfiguration } from '../../../main';
import { ConfigFixture } from '../../support/config-fixture';
import { loadProblems, writeBytes } from './loading';

/** dev.json as a Windows editor might save it: CRLF line ends, the tag value in a legacy code page. */
function devJson(tagValue: Buffer): Buffer {
  const before = '{\r\n  "environment": "dev",\r\n  "account": "nonprod",\r\n  "region": "eu-west-1",\r\n';
  const after =
    '  "network": {\r\n    "vpc_id": "vpc-0d1e2f30415263748",\r\n' +
    '    "private_subnet_ids": ["subnet-0a10000000000d001", "subnet-0a10000000000d002"]\r\n  },\r\n' +
    '  "variables": {\r\n    "vpc_cidr": "10.10.0.0/16",\r\n' +
    '    "msk_cluster_arn": "arn:aws:kafka:eu-west-1:111111111111:cluster/gss-dev-msk/' +
    '6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b-2",\r\n' +
    '    "kafka_bootstrap_brokers": "b-1.gssdevmsk.abc123.c2.kafka.eu-west-1.amazonaws.com:9098"\r\n  }\r\n}\r\n';
  return Buffer.concat([
    Buffer.from(before),
    Buffer.from('  "tags": {"Environment": "dev", "Owner": "'),
    tagValue,
    Buffer.from('"},\r\n'),
    Buffer.from(after),
  ]);
}

describe('JSON files must be UTF-8', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('UTF-8 text reaches the configuration intact', () => {
    writeBytes(fixture, 'config/environments/dev.json', devJson(Buffer.from('Équipe données', 'utf8')));
    const dev = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
    expect(dev.settings.tags.Owner).toBe('Équipe données');
  });

  test('a Latin-1 file is refused with the byte offset, line and column of the first byte that is not UTF-8', () => {
    writeBytes(fixture, 'config/environments/dev.json', devJson(Buffer.from('Équipe données', 'latin1')));
    const offset = devJson(Buffer.alloc(0)).indexOf('"Owner": "') + '"Owner": "'.length;
    expect(loadProblems(fixture, ['dev'])).toEqual([
      {
        file: 'config/environments/dev.json',
        jsonPath: '$',
        line: 5,
        column: 44,
        found: `the byte 0xC9 at byte offset ${offset}, which is not UTF-8 (a Latin-1 or Windows-1252 file?)`,
        allowed: 'UTF-8 text: JSON files must be UTF-8 (RFC 8259 section 8.1); save the file as UTF-8',
      },
    ]);
  });

  test('a replacement character written in the file is UTF-8: the offset is that of the byte after it', () => {
    const value = Buffer.concat([Buffer.from('\uFFFD ok, then ', 'utf8'), Buffer.from('é', 'latin1')]);
    writeBytes(fixture, 'config/environments/dev.json', devJson(value));
    const offset = devJson(Buffer.alloc(0)).indexOf('"Owner": "') + '"Owner": "'.length + 13;
    expect(loadProblems(fixture, ['dev'])[0]!.found).toContain(`the byte 0xE9 at byte offset ${offset}`);
  });

  test('a UTF-8 byte order mark is named as such', () => {
    writeBytes(
      fixture,
      'config/regions/eu-west-1.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"variables": {}}')]),
    );
    expect(loadProblems(fixture)).toEqual([
      {
        file: 'config/regions/eu-west-1.json',
        jsonPath: '$',
        line: 1,
        column: 1,
        found: 'a UTF-8 byte order mark (EF BB BF) at the start of the file',
        allowed: 'UTF-8 without a byte order mark (JSON forbids one: RFC 8259 section 8.1); save the file without it',
      },
    ]);
  });

  test('a UTF-16 file is named as such', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"name": "x"}', 'utf16le')]);
    writeBytes(fixture, 'batch-json/job-queue.json', utf16);
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        file: 'batch-json/job-queue.json',
        found: 'a UTF-16 byte order mark (FF FE): the file is UTF-16',
      }),
    ]);
  });

  test('user data in a legacy code page is refused at the launch template that names it', () => {
    const text = 'Content-Type: multipart/mixed; boundary="==B=="\n\n--==B==\n# caf\xe9\n--==B==--\n';
    writeBytes(fixture, 'config/batch_user_data.sh', Buffer.from(text, 'latin1'));
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        file: 'batch-json/launch-template.json',
        jsonPath: '$.user_data_file',
        found:
          '"batch_user_data.sh" (config/batch_user_data.sh:4:6) with the byte 0xE9 at byte offset 62, ' +
          'which is not UTF-8 (a Latin-1 or Windows-1252 file?)',
        allowed: 'a UTF-8 text file',
      }),
    ]);
  });
});
