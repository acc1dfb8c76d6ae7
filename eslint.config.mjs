// ESLint with typescript-eslint's recommended rules. Formatting is Prettier's (npm run format); the
// 120-character limit is checked here because Prettier breaks neither strings nor comments.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What Node gives a CommonJS script: the project's few .js files (the app runner, jest's sequencer...). */
const COMMONJS_GLOBALS = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'setTimeout'].map(
    (name) => [name, 'readonly'],
  ),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out', 'cdktf.out.*', '.build/', '.tf-cache/', '.local-aws/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'max-len': ['error', { code: 120, tabWidth: 2, ignoreUrls: false }],
      // `const { dropped: _dropped, ...rest } = value` omits a key; tsc's noUnusedLocals accepts it too.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: COMMONJS_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
