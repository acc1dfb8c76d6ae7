// The layers of the data path (JSON -> configuration -> constructs -> stacks -> app) and the tooling above
// it, checked by dependency-cruiser in `npm run lint`. A layer imports only from itself and the layers
// below it; no file takes part in an import cycle, type-only imports included (tsPreCompilationDeps).
//
// Lowest first:
//   foundation     lib/secrets, lib/naming: recognizing clear-text secrets, ARNs and URLs from names
//   configuration  lib/configuration: JSON files -> validated, typed config
//   constructs     lib/constructs: environment-agnostic constructs, props in, resources out (no config)
//   stack parts    lib/deployment, lib/permissions, lib/state-machines, lib/protection, lib/policy-pack:
//                  stack plumbing, config -> IAM statements and state machine definitions, the aspects
//   stacks         stacks/: one file per Terragrunt module
//   app            main.ts and lib/synthesis (how the app writes its output folder)
//   tooling        lib/{terraform-cli,orchestration,plan-review,local-aws,migration,smoke-test,benchmark}
//   entry points   scripts/: the command lines

/** Every file of the project a production file could import (tests and fixtures aside). */
const PROJECT = '^(main\\.ts|lib/|stacks/|scripts/|types/)';

/** A rule: files under `from` may import project files only under `allowed`. */
const layer = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: PROJECT, pathNot: allowed },
});

const FOUNDATION = 'lib/(secrets|naming)/';
const STACK_PARTS = 'lib/(deployment|permissions|state-machines|protection|policy-pack)/';
const TOOLING = 'lib/(terraform-cli|orchestration|plan-review|local-aws|migration|smoke-test|benchmark)/';
const TYPES = 'types/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'An import cycle (type-only imports count): move what both files need to the lower one.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer(
      'foundation-imports-nothing-above',
      'lib/secrets and lib/naming are the bottom layer: they import no other part of the project.',
      `^${FOUNDATION}`,
      `^(${FOUNDATION}|${TYPES})`,
    ),
    layer(
      'configuration-imports-only-foundation',
      'The configuration layer reads JSON into typed config; it depends on nothing above it.',
      '^lib/configuration/',
      `^(lib/configuration/|${FOUNDATION}|${TYPES})`,
    ),
    layer(
      'constructs-know-no-configuration',
      'Constructs take props, not configuration: they know no environments, files or stacks.',
      '^lib/constructs/',
      `^(lib/constructs/|${FOUNDATION}|${TYPES})`,
    ),
    layer(
      'stack-parts-import-only-below-stacks',
      'Stack plumbing, permissions, state machines and the aspects sit below the stacks.',
      `^${STACK_PARTS}`,
      `^(${STACK_PARTS}|lib/constructs/|lib/configuration/|${FOUNDATION}|${TYPES})`,
    ),
    layer(
      'stacks-import-no-app-or-tooling',
      'A stack is built from configuration, constructs and stack parts; the app wires the stacks.',
      '^stacks/',
      `^(stacks/|${STACK_PARTS}|lib/constructs/|lib/configuration/|${FOUNDATION}|${TYPES})`,
    ),
    layer(
      'app-imports-no-tooling',
      'The app (main.ts and its output folder) sits below the tooling that runs it.',
      '^(main\\.ts|lib/synthesis/)',
      `^(main\\.ts|lib/synthesis/|stacks/|${STACK_PARTS}|lib/constructs/|lib/configuration/|${FOUNDATION}|${TYPES})`,
    ),
    layer(
      'tooling-imports-no-entry-point',
      'Command-line entry points (scripts/) are the top: no library imports one.',
      `^${TOOLING}`,
      `^(main\\.ts|lib/|stacks/|${TYPES})`,
    ),
    {
      name: 'production-imports-no-tests',
      comment: 'Test support and fixtures are for tests only.',
      severity: 'error',
      from: { path: PROJECT },
      to: { path: '^__tests__/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdktf\\.out|\\.build|\\.tf-cache|\\.local-aws|coverage|__tests__/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
