export { FakeServer, type Fault, type RecordedRequest } from './fake-server';
export { startFakeOllama } from './fake-ollama.server';
export { startFakeOpenAi } from './fake-openai.server';
export { startFakePrometheus, type FakePrometheus } from './fake-prometheus.server';
