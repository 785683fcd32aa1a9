import { AuditUnavailableError } from '@app/audit';
import { ChatFailedError, type ChatResult, type ChatRouting } from '@app/chat';
import request from 'supertest';
import { httpTestbed, type HttpTestbed } from '../../test/http-testbed';
import { ChatController } from './chat.controller';

const routing: ChatRouting = {
  request_id: 'ignored-the-controller-uses-its-own',
  provider: 'local',
  served_by: 'cloud',
  reason_codes: ['cost_prefer_local', 'fallback_local_unavailable'],
  policy_version: 'v'.repeat(64),
  model: 'gpt-test',
  model_choice: 'default',
};

const result: ChatResult = {
  ...routing,
  content: 'hello back',
  usage: { input_tokens: 3, output_tokens: 2 },
  finish_reason: 'stop',
  latency_ms: 12.5,
  provider_latency_ms: 10,
};

describe(ChatController.name, () => {
  let bed: HttpTestbed;
  const post = (body: object) => request(bed.app.getHttpServer()).post('/v1/chat').send(body);
  const hello = { messages: [{ role: 'user', content: 'hello' }] };

  beforeEach(async () => {
    bed = await httpTestbed([ChatController]);
  });

  afterEach(() => bed.close());

  it('hands the request to the orchestration and answers its result in the native shape', async () => {
    bed.chat.complete.mockResolvedValue(result);
    const response = await post(hello)
      .set('x-client-id', 'team-a')
      .set('x-request-id', 'order-4711')
      .expect(200);
    expect(response.body).toEqual({
      request_id: routing.request_id,
      provider: 'local',
      served_by: 'cloud',
      reason_codes: ['cost_prefer_local', 'fallback_local_unavailable'],
      content: 'hello back',
      error: null,
      model: 'gpt-test',
      usage: { input_tokens: 3, output_tokens: 2 },
      policy_version: routing.policy_version,
    });
    expect(bed.chat.complete).toHaveBeenCalledWith(
      {
        request_id: response.headers['x-request-id'],
        endpoint: 'native',
        messages: [{ role: 'user', content: 'hello' }],
        model: undefined,
        client_id: 'team-a',
        // The caller's own id is a correlation id; the request id is always the gateway's.
        correlation_id: 'order-4711',
        // No key: AUTH_MODE=none.
        key: null,
      },
      expect.any(AbortSignal),
    );
  });

  it.each([
    ['timeout', 504],
    ['unreachable', 502],
    ['server_error', 502],
  ] as const)(
    'answers a provider failure (%s) with %i from the status table, nobody serving',
    async (category, status) => {
      bed.chat.complete.mockRejectedValue(
        new ChatFailedError(category, `cloud provider: ${category}`, routing),
      );
      const response = await post(hello).expect(status);
      expect(response.body).toMatchObject({
        served_by: null,
        content: null,
        error: `cloud provider: ${category}`,
        failure_category: category,
      });
      expect(bed.chat.recordRejection).not.toHaveBeenCalled();
    },
  );

  it('fails closed with 503 and audits nothing more: the orchestration had the request', async () => {
    bed.chat.complete.mockRejectedValue(new AuditUnavailableError());
    const response = await post(hello).expect(503);
    expect(response.body).toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
      request_id: response.headers['x-request-id'],
    });
    expect(bed.chat.recordRejection).not.toHaveBeenCalled();
  });

  it('audits a refused body once, as a rejection with its code, without calling the orchestration', async () => {
    const response = await post({ messages: [] }).set('x-request-id', 'order-4712').expect(400);
    expect(bed.chat.complete).not.toHaveBeenCalled();
    expect(bed.chat.recordRejection).toHaveBeenCalledTimes(1);
    expect(bed.chat.recordRejection).toHaveBeenCalledWith(
      response.headers['x-request-id'],
      'native',
      'VALIDATION_FAILED',
      'order-4712',
      null,
    );
  });
});
