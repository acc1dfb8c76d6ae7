/**
 * Recognizes secrets written in clear text. What is found is described, never echoed: a policy
 * message must not leak the secret it reports.
 */

/** Names of variables and settings that hold secrets. */
export const SECRET_LOOKING_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** Well-known secret formats, by what they are. */
const SECRET_FORMATS: readonly (readonly [RegExp, string])[] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, 'a private key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s@/$]+@/i, 'a URL with a password'],
];

/** `NAME=value`, `"name": "value"`, `name: value` where the name says it is a secret. */
const SECRET_WORD = '(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|credential)';
const SECRET_NAME = `[A-Za-z0-9_.-]*${SECRET_WORD}[A-Za-z0-9_-]*`;
const SECRET_ASSIGNMENT = new RegExp(`(${SECRET_NAME})["']?\\s*[:=]\\s*["']?([^\\s"',;]+)`, 'gi');

/** Describes each secret in a text, by line; empty when there is none. */
export function findSecrets(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [pattern, what] of SECRET_FORMATS) if (pattern.test(line)) found.push(`${what} on line ${i + 1}`);
    for (const match of line.matchAll(SECRET_ASSIGNMENT)) {
      if (isSecretValue(match[2]!)) found.push(`a literal value for ${match[1]} on line ${i + 1}`);
    }
  });
  return [...new Set(found)];
}

/** Describes the secret in one value (an environment variable's), or undefined. */
export function secretInValue(name: string, value: string): string | undefined {
  if (SECRET_LOOKING_NAME.test(name) && isSecretValue(value))
    return `a literal value for ${name}, whose name says it is a secret`;
  const format = SECRET_FORMATS.find(([pattern]) => pattern.test(value));
  return format ? `${format[1]} in ${name}` : undefined;
}

/**
 * Whether a value assigned to a secret-looking name is itself the secret. References are not:
 * shell and Terraform expansions (`$VAR`, `${...}`), ARNs of Secrets Manager secrets and SSM
 * parameters, numbers (a token TTL) and booleans (a feature switch).
 */
function isSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.startsWith('$') || v.startsWith('arn:') || v.startsWith('{')) return false;
  if (/^\d+[smhd]?$/.test(v) || /^(true|false|yes|no|on|off|none|null)$/i.test(v)) return false;
  return true;
}
