// The architecture's boundaries are lint errors, not conventions: each forbidden import (and an
// HTTP path) is planted in a temporary file under libs/, linted with the project's own ESLint
// config through ESLint's Node API, and must fail; the files are deleted afterwards.
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '../../..');

interface Probe {
  readonly what: string;
  readonly file: string;
  readonly source: string;
  /** The rule that must report it; null for a control that must lint clean. */
  readonly rule: string | null;
}

const probe = (what: string, dir: string, source: string, rule: string | null, ext = 'ts'): Probe => ({
  what,
  file: join(ROOT, dir, `lint-probe-${process.pid}-${what.replace(/\W+/g, '-')}.${ext}`),
  source,
  rule,
});

const PROBES: readonly Probe[] = [
  probe(
    'express',
    'libs/audit/src',
    "import express from 'express';\nexport const app = express;\n",
    'no-restricted-imports',
  ),
  probe(
    'an express type',
    'libs/chat/src',
    "import type { Request } from 'express';\nexport type R = Request;\n",
    'no-restricted-imports',
  ),
  probe(
    '@nestjs/platform-express',
    'libs/providers/src',
    "import { ExpressAdapter } from '@nestjs/platform-express';\nexport const adapter = ExpressAdapter;\n",
    'no-restricted-imports',
  ),
  probe(
    '@nestjs/swagger',
    'libs/chat/src',
    "import { ApiProperty } from '@nestjs/swagger';\nexport const decorator = ApiProperty;\n",
    'no-restricted-imports',
  ),
  probe(
    'a module that mounts a route',
    'libs/metrics/src',
    "import { PrometheusModule } from '@willsoto/nestjs-prometheus';\nexport const m = PrometheusModule;\n",
    'no-restricted-imports',
  ),
  probe(
    'HttpException',
    'libs/config/src',
    "import { HttpException } from '@nestjs/common';\nexport const e = HttpException;\n",
    'no-restricted-imports',
  ),
  probe(
    'BadRequestException',
    'libs/audit/src',
    "import { BadRequestException } from '@nestjs/common';\nexport const e = BadRequestException;\n",
    'no-restricted-imports',
  ),
  probe(
    'a controller',
    'libs/routing-policy/src',
    "import { Controller } from '@nestjs/common';\nexport const c = Controller;\n",
    'no-restricted-imports',
  ),
  probe(
    'node:http in routing-policy',
    'libs/routing-policy/src',
    "import { createServer } from 'node:http';\nexport const s = createServer;\n",
    'no-restricted-imports',
  ),
  probe(
    'node:fs in routing-policy outside its loader',
    'libs/routing-policy/src',
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    'no-restricted-imports',
  ),
  probe('an HTTP path', 'libs/providers/src', "export const path = '/v1/metrics';\n", 'no-restricted-syntax'),
  probe(
    'an HTTP path in a template',
    'libs/audit/src',
    'export const path = `/v1/audit/${1}`;\n',
    'no-restricted-syntax',
  ),
  probe(
    'identity importing the orchestration',
    'libs/identity/src',
    "import { ChatService } from '@app/chat';\nexport const c = ChatService;\n",
    'no-restricted-imports',
  ),
  probe(
    'audit importing identity (a cycle)',
    'libs/audit/src',
    "import { ApiKeyService } from '@app/identity';\nexport const s = ApiKeyService;\n",
    'no-restricted-imports',
  ),
  probe(
    'routing-policy importing identity',
    'libs/routing-policy/src',
    "import { ApiKeyService } from '@app/identity';\nexport const s = ApiKeyService;\n",
    'no-restricted-imports',
  ),
  probe(
    'identity importing the audit database (control)',
    'libs/identity/src',
    "import { ApiKeyTable } from '@app/audit';\nimport { AppConfig } from '@app/config';\nexport const all = [ApiKeyTable, AppConfig];\n",
    null,
  ),
  probe(
    'what libs may import (control)',
    'libs/providers/src',
    "import { Injectable, Logger } from '@nestjs/common';\nimport { readFileSync } from 'node:fs';\nexport const all = [Injectable, Logger, readFileSync];\n",
    null,
  ),
  probe(
    'an undefined global in the web UI',
    'apps/gateway/public',
    "'use strict';\nnotAGlobal();\n",
    'no-undef',
    'js',
  ),
  probe(
    'browser globals in the web UI (control)',
    'apps/gateway/public',
    "'use strict';\ndocument.title = String(window.location.href);\n",
    null,
    'js',
  ),
];

describe('lint boundaries', () => {
  let results: Map<string, ESLint.LintResult>;

  beforeAll(async () => {
    for (const { file, source } of PROBES) writeFileSync(file, source);
    try {
      const eslint = new ESLint({ cwd: ROOT });
      const linted = await eslint.lintFiles(PROBES.map((p) => p.file));
      results = new Map(linted.map((result) => [result.filePath, result]));
    } finally {
      for (const { file } of PROBES) rmSync(file, { force: true });
    }
  });

  it('lints the web UI script', async () => {
    await expect(
      new ESLint({ cwd: ROOT }).isPathIgnored(join(ROOT, 'apps/gateway/public/app.js')),
    ).resolves.toBe(false);
  });

  it.each(PROBES.map((p) => [p.what, p] as const))('judges %s', (_what, { file, rule }) => {
    const result = results.get(file);
    expect(result).toBeDefined();
    const errors = result!.messages.filter((message) => message.severity === 2);
    if (rule === null) {
      expect(errors).toEqual([]);
    } else {
      expect(errors.map((message) => message.ruleId)).toContain(rule);
      expect(relative(ROOT, file)).toMatch(/^(libs|apps)\//);
    }
  });
});
