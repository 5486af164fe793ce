import { readFileSync } from 'node:fs';
import {
  Ajv2020,
  type ErrorObject,
  type ValidateFunction,
} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// JSON Schema validation against the Offload OpenAPI file, used by the
// simulator to check requests and by the suite to check every response.
// The file is a verbatim copy of ../shared/offload-openapi.json.

const addFormats = addFormatsModule.default ?? addFormatsModule;

interface OpenApiDocument {
  components: { schemas: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

const specUrl = new URL(
  '../../shared/offload/offload-openapi.json',
  import.meta.url,
);
export const openApi = JSON.parse(
  readFileSync(specUrl, 'utf8'),
) as OpenApiDocument;

/**
 * The spec's `GetCaseAttachmentResponseData` is an `allOf` of two objects
 * that each set `additionalProperties: false`, which no instance can pass
 * (each branch rejects the other's fields). The prose (§3.3) says it is the
 * attachment plus `downloadUrl` and `expiresAt`, so we validate that merge.
 */
function mergedSchemas(doc: OpenApiDocument) {
  const schemas = structuredClone(doc.components.schemas);
  const attachment = schemas.CaseAttachment as {
    properties: Record<string, unknown>;
    required: string[];
  };
  schemas.GetCaseAttachmentResponseData = {
    type: 'object',
    additionalProperties: false,
    required: [...attachment.required, 'downloadUrl', 'expiresAt'],
    properties: {
      ...attachment.properties,
      downloadUrl: { type: 'string', format: 'uri' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  };
  return schemas;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(
  { $id: 'offload', components: { schemas: mergedSchemas(openApi) } },
  'offload',
);

const compiled = new Map<string, ValidateFunction>();

function validatorFor(ref: string): ValidateFunction {
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: `offload#${ref}` });
    compiled.set(ref, validate);
  }
  return validate;
}

/** The first problem as `field: reason`, with the field in dotted form. */
export function describeFirstError(errors: ErrorObject[]): string {
  const error = errors[0];
  if (!error) return 'invalid';
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${field} is required`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string })
      .additionalProperty;
    return `${path ? `${path}.` : ''}${extra} is not allowed`;
  }
  return `${path || 'body'} ${error.message ?? 'is invalid'}`;
}

/** Validates a value against `#/components/schemas/<name>`. */
export function validateComponent(
  name: string,
  value: unknown,
): { valid: true } | { valid: false; error: string; errors: ErrorObject[] } {
  const validate = validatorFor(`/components/schemas/${name}`);
  if (validate(value)) return { valid: true };
  const errors = validate.errors ?? [];
  return { valid: false, error: describeFirstError(errors), errors };
}

/**
 * Validates a response body against the schema the spec declares for this
 * operation and status. Returns the problems, or an empty list when the
 * body conforms. A status the operation does not declare is a problem.
 */
export function responseProblems(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): string[] {
  const operation = openApi.paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) return [`no operation ${method} ${pathTemplate}`];
  const response = operation.responses[String(status)];
  if (!response) return [`status ${status} is not declared`];
  const schema = response.content?.['application/json']?.schema as
    { $ref?: string } | undefined;
  // A declared status without content (the transcript 500) has no schema.
  if (!schema?.$ref) return [];
  const validate = validatorFor(schema.$ref.replace(/^#/, ''));
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? ''}`,
  );
}
