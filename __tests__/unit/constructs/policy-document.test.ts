import { policyDocument } from '../../../lib/constructs/iam/policy-document';

describe('policyDocument', () => {
  test('sorts and deduplicates actions and resources; a single value stays a string', () => {
    const document = JSON.parse(
      policyDocument([
        {
          sid: 'ReadQueue',
          actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ReceiveMessage'],
          resources: ['arn:aws:sqs:eu-west-1:111111111111:results'],
        },
      ]),
    );
    expect(document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadQueue',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
          Resource: 'arn:aws:sqs:eu-west-1:111111111111:results',
        },
      ],
    });
  });

  test('renders principals and conditions in the order IAM documents them', () => {
    const text = policyDocument([
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        anyPrincipal: true,
        actions: ['sqs:*'],
        resources: ['arn:aws:sqs:eu-west-1:111111111111:results'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      { sid: 'FromS3', servicePrincipals: ['s3.amazonaws.com'], actions: ['sqs:SendMessage'], resources: ['*'] },
    ]);
    expect(text).toBe(
      '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sqs:*",' +
        '"Resource":"arn:aws:sqs:eu-west-1:111111111111:results",' +
        '"Condition":{"Bool":{"aws:SecureTransport":"false"}}},' +
        '{"Sid":"FromS3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sqs:SendMessage",' +
        '"Resource":"*"}]}',
    );
  });
});
