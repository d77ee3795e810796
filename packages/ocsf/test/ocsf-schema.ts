/** The committed OCSF 1.5.0 JSON Schema (see fixtures/ocsf-schema/README.md), compiled with ajv. */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const SCHEMA = JSON.parse(
  readFileSync(new URL('./fixtures/ocsf-schema/ocsf-1.5.0.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(SCHEMA, 'ocsf');

function compiled(name: string): ValidateFunction {
  const validate = ajv.getSchema(`ocsf#/definitions/${name}`);
  if (!validate) throw new Error(`no ${name} in the OCSF schema fixture`);
  return validate;
}

/** The schema's errors for `record` as one readable line each (empty when it validates). */
function errorsOf(validate: ValidateFunction, record: unknown): string[] {
  if (validate(record)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/** What the API Activity (6003) schema finds wrong with `record`. */
export const apiActivityErrors = (record: unknown): string[] =>
  errorsOf(compiled('class_api_activity'), record);

/** What the Detection Finding (2004) schema finds wrong with `record`. */
export const detectionFindingErrors = (record: unknown): string[] =>
  errorsOf(compiled('class_detection_finding'), record);
