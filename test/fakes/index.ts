export {
  DEMO_MODEL_ENV,
  fakeEmbedding,
  FakeServer,
  STREAM_SHAPE_HEADER,
  streamShapeMarker,
  type Fault,
  type RecordedRequest,
  type StreamShape,
} from './fake-server';
export { startFakeOllama } from './fake-ollama.server';
export { startFakeOpenAi } from './fake-openai.server';
export { startFakePrometheus, type FakePrometheus } from './fake-prometheus.server';
