#!/usr/bin/env node
'use strict';
// Validates one Amazon States Language definition with asl-validator: the answer to
// states:ValidateStateMachineDefinition of the offline plan's endpoint (state-machine-validation-endpoint.ts)
// and of the local AWS (scripts/local-aws/server.py, which runs this file). As a module it exports
// diagnosticsOf(text); run as a script it reads the definition text on stdin and prints
// {"diagnostics": [{severity, code, message, location?}]} on stdout, in the shape of the Step
// Functions API; no diagnostics means the definition is valid. Exits 2 if the validator itself fails.
const validateAsl = require('asl-validator');

/** AWS's code for a definition that is not JSON (ValidateStateMachineDefinitionDiagnostic). */
const INVALID_JSON = 'INVALID_JSON_DESCRIPTION';
const SCHEMA_VALIDATION_FAILED = 'SCHEMA_VALIDATION_FAILED';

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Whether the JSON pointer `pointer` (such as /States/A/Type) names a value present in `document`. */
function pointsIntoDocument(document, pointer) {
  let node = document;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = node[key];
  }
  return true;
}

function diagnosticsOf(text) {
  let definition;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return [{ severity: 'ERROR', code: INVALID_JSON, message: `The definition is not valid JSON: ${error.message}` }];
  }
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    return [{ severity: 'ERROR', code: SCHEMA_VALIDATION_FAILED, message: 'The definition must be a JSON object' }];
  }
  // asl-validator writes QueryLanguage into every state before checking it: an error about a value
  // the definition does not hold is about that insertion, not about the definition.
  const original = JSON.parse(JSON.stringify(definition));
  const { errors } = validateAsl(definition, { checkPaths: true, checkArn: true });
  return errors
    .filter((error) => !error.schemaError || pointsIntoDocument(original, error.schemaError.instancePath))
    .map((error) => {
      const location = error.schemaError ? error.schemaError.instancePath : '';
      return {
        severity: 'ERROR',
        code: error['Error code'],
        message: location === '' && error.Message.startsWith(' ') ? `The definition${error.Message}` : error.Message,
        ...(location === '' ? {} : { location }),
      };
    });
}

module.exports = { diagnosticsOf };

if (require.main === module) {
  readStdin()
    .then((text) => process.stdout.write(`${JSON.stringify({ diagnostics: diagnosticsOf(text) })}\n`))
    .catch((error) => {
      process.stderr.write(`asl-validator failed: ${error && error.stack ? error.stack : error}\n`);
      process.exit(2);
    });
}
