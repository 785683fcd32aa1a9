import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /docs (Swagger UI) and /docs-json, generated from the controllers' annotations. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Policy Mesh')
      .setDescription(
        'Local-first AI gateway: every chat request is routed deterministically by a declared policy ' +
          'between a local model server and a cloud provider, with reason codes and one audit event.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description:
          'An API key (pm_…), as `Authorization: Bearer <key>` or `x-api-key: <key>`, when AUTH_MODE=keys. Scopes: chat (chat, completions, models, route explain), admin (audit, routes, keys).',
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
