// Lint: type-aware rules that catch real bugs, plus the architecture's import boundaries.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const LIBS = ['config', 'routing-policy', 'providers', 'audit', 'metrics', 'chat'];

/** No reaching into another lib's files: `@app/<lib>` (its index.ts) is the only door. */
const deepImportPatterns = [
  { group: ['@app/*/*'], message: "Import a lib through '@app/<lib>' only (its src/index.ts)." },
  {
    group: ['**/libs/*/src/**', 'libs/*/src/**'],
    message: "Import a lib through '@app/<lib>', never by path.",
  },
];

const appImportPatterns = [{ group: ['**/apps/**', 'apps/**'], message: 'Libs never import apps.' }];

/** routing-policy stays pure: no SDK, no ORM, no HTTP framework, no I/O in the decision. */
const pureImportPatterns = [
  {
    group: [
      'openai',
      'ollama',
      'typeorm',
      '@nestjs/typeorm',
      'pg',
      'express',
      '@nestjs/platform-express',
      'undici',
    ],
    message: 'routing-policy is pure TypeScript: no SDK, ORM or HTTP import.',
  },
  {
    group: ['@app/providers', '@app/audit', '@app/metrics', '@app/chat'],
    message: 'routing-policy depends on config only.',
  },
];

/** Each lib may depend only on the libs beneath it (docs/ARCHITECTURE.md, "Dependency direction"). */
const ALLOWED = {
  config: [],
  'routing-policy': ['config'],
  providers: ['config'],
  audit: ['config'],
  metrics: ['config'],
  chat: ['config', 'routing-policy', 'providers', 'audit', 'metrics'],
};

function libRules(lib) {
  const forbidden = LIBS.filter((other) => other !== lib && !ALLOWED[lib].includes(other));
  const patterns = [...deepImportPatterns, ...appImportPatterns];
  if (lib === 'routing-policy') patterns.push(...pureImportPatterns);
  else if (forbidden.length > 0)
    patterns.push({
      group: forbidden.map((other) => `@app/${other}`),
      message: `libs/${lib} may import only: ${ALLOWED[lib].join(', ') || 'no other lib'}.`,
    });
  return {
    files: [`libs/${lib}/src/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'apps/gateway/public/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: deepImportPatterns }],
    },
  },
  ...LIBS.map(libRules),
  {
    // process.env is read in libs/config only; everything else gets AppConfig injected.
    files: ['apps/**/src/**/*.ts', 'libs/**/src/**/*.ts'],
    ignores: ['libs/config/src/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Response bodies from supertest are untyped JSON; tests assert their shape instead.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
