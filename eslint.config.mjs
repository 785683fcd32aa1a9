// Lint: type-aware rules that catch real bugs, plus the architecture's import boundaries.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const LIBS = ['config', 'routing-policy', 'providers', 'audit', 'metrics', 'chat', 'identity'];

/** No reaching into another lib's files: `@app/<lib>` (its index.ts) is the only door. */
const deepImportPatterns = [
  { group: ['@app/*/*'], message: "Import a lib through '@app/<lib>' only (its src/index.ts)." },
  {
    group: ['**/libs/*/src/**', 'libs/*/src/**'],
    message: "Import a lib through '@app/<lib>', never by path.",
  },
];

const appImportPatterns = [{ group: ['**/apps/**', 'apps/**'], message: 'Libs never import apps.' }];

/**
 * Transport facts stay in the apps: a lib never imports an HTTP framework, OpenAPI decorators, a
 * module that mounts a route, Nest's HTTP exceptions or its route decorators. Libs throw typed
 * errors with a `code`; the gateway maps codes to statuses (docs/ARCHITECTURE.md, "HTTP layer").
 */
const NEST_HTTP_NAMES = [
  'HttpException',
  'HttpStatus',
  'BadRequestException',
  'UnauthorizedException',
  'ForbiddenException',
  'NotFoundException',
  'MethodNotAllowedException',
  'NotAcceptableException',
  'RequestTimeoutException',
  'ConflictException',
  'GoneException',
  'PreconditionFailedException',
  'PayloadTooLargeException',
  'UnsupportedMediaTypeException',
  'ImATeapotException',
  'MisdirectedException',
  'UnprocessableEntityException',
  'InternalServerErrorException',
  'NotImplementedException',
  'BadGatewayException',
  'ServiceUnavailableException',
  'GatewayTimeoutException',
  'HttpVersionNotSupportedException',
  'Controller',
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'Head',
  'Options',
  'All',
  'Req',
  'Res',
  'Body',
  'Query',
  'Param',
  'Headers',
  'HttpCode',
  'Header',
  'Redirect',
];
const transportPaths = [
  ...['express', '@nestjs/platform-express', '@nestjs/swagger', '@willsoto/nestjs-prometheus'].map(
    (name) => ({
      name,
      message: 'Libs know no transport: HTTP frameworks, OpenAPI and routes belong to apps/gateway.',
    }),
  ),
  {
    name: '@nestjs/common',
    importNames: NEST_HTTP_NAMES,
    message:
      "Libs throw typed errors with a `code` and mount no route; the gateway's filter maps codes to statuses.",
  },
];

/** routing-policy reads and watches its file in the loader; the decision does no I/O. */
const ROUTING_POLICY_LOADER = [
  'libs/routing-policy/src/policy-loader.ts',
  'libs/routing-policy/src/policy.service.ts',
];
const ioPaths = [
  'node:http',
  'node:https',
  'node:net',
  'node:fs',
  'node:fs/promises',
  'http',
  'https',
  'net',
  'fs',
  'fs/promises',
].map((name) => ({
  name,
  message: 'routing-policy does no I/O outside its loader (policy-loader.ts, policy.service.ts).',
}));

/**
 * No HTTP paths in libs: routes are the gateway's facts. libs/chat still names the audit's
 * endpoints by path until the chat rework moves them out (issue 14, item 5).
 */
const noHttpPaths = {
  files: ['libs/**/*.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: 'Literal[value=/^\\/(v1|docs|ui)(\\/|$)/]',
        message: 'No HTTP paths in libs: a route is a fact of apps/gateway.',
      },
      {
        selector: 'TemplateElement[value.raw=/^\\/(v1|docs|ui)(\\/|$)/]',
        message: 'No HTTP paths in libs: a route is a fact of apps/gateway.',
      },
    ],
  },
};

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
    group: ['@app/providers', '@app/audit', '@app/metrics', '@app/chat', '@app/identity'],
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
  // API keys: the rules here, the rows in the audit database (its one DataSource).
  identity: ['config', 'audit'],
};

function libPatterns(lib) {
  const forbidden = LIBS.filter((other) => other !== lib && !ALLOWED[lib].includes(other));
  const patterns = [...deepImportPatterns, ...appImportPatterns];
  if (lib === 'routing-policy') patterns.push(...pureImportPatterns);
  else if (forbidden.length > 0)
    patterns.push({
      group: forbidden.map((other) => `@app/${other}`),
      message: `libs/${lib} may import only: ${ALLOWED[lib].join(', ') || 'no other lib'}.`,
    });
  return patterns;
}

/** One rule entry per lib (a later entry for the same files replaces, not merges, the options). */
function libRules(lib) {
  const rules = [
    {
      files: [`libs/${lib}/src/**/*.ts`],
      rules: { 'no-restricted-imports': ['error', { paths: transportPaths, patterns: libPatterns(lib) }] },
    },
  ];
  if (lib === 'routing-policy')
    rules.push({
      files: [`libs/${lib}/src/**/*.ts`],
      ignores: [...ROUTING_POLICY_LOADER, '**/*.spec.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          { paths: [...transportPaths, ...ioPaths], patterns: libPatterns(lib) },
        ],
      },
    });
  return rules;
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      '**/*.mjs',
      '**/*.js',
      '!apps/gateway/public/**/*.js',
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
  ...LIBS.flatMap(libRules),
  noHttpPaths,
  {
    // The web UI's one script: plain browser JavaScript, linted without type information.
    files: ['apps/gateway/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: globals.browser,
    },
  },
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
