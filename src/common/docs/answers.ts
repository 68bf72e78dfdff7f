import { ApiResponse } from '@nestjs/swagger';
import { MESSAGES, MerafCode } from '../result-codes';
import { AUTH_FAILED_BODY, AUTH_REQUIRED_BODY } from '../presenters/meraf.presenter';
import { schemaFromExample, SchemaObject } from './schema-from-example';

export interface AnswerExample {
  summary: string;
  value: unknown;
}

export interface AnswerOptions {
  /** types of properties whose example is null or an empty array */
  hints?: Record<string, SchemaObject>;
  /** the schema, when the example cannot say it (default: derived from the example(s)) */
  schema?: SchemaObject;
  /** media type of the body (default application/json) */
  contentType?: string;
}

/**
 * One documented answer of a route: its status, what it means, and its body, either one example
 * or several named ones. The schema is derived from the example(s) unless given: every answer
 * gets a typed body.
 */
export function ApiAnswer(status: number, description: string, example: unknown, options: AnswerOptions = {}) {
  return ApiAnswers(status, description, { example: { summary: description, value: example } }, options);
}

export function ApiAnswers(status: number, description: string, examples: Record<string, AnswerExample>, options: AnswerOptions = {}) {
  const values = Object.values(examples).map((e) => e.value);
  const schema = options.schema ?? schemaOfExamples(values, options.hints);
  const type = options.contentType ?? 'application/json';
  const content =
    values.length === 1 ? { [type]: { schema: { ...schema, example: values[0] } } } : { [type]: { schema, examples: examples as Record<string, AnswerExample> } };
  return ApiResponse({ status, description, content } as never);
}

function schemaOfExamples(values: unknown[], hints?: Record<string, SchemaObject>): SchemaObject {
  const schemas = values.map((v) => schemaFromExample(v, hints));
  if (schemas.length === 1) return schemas[0];
  // one schema over all examples (fields missing from some examples are optional)
  return schemaFromExample(values, hints).items as SchemaObject;
}

// ---- the bodies of the contracts' errors ------------------------------------------------

/** MERAF error body `{result: "error", message, error_code}` (`errors` lists field errors). */
export const MERAF_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['result', 'message', 'error_code'],
  properties: {
    result: { type: 'string', enum: ['error'] },
    message: { type: 'string', description: 'What went wrong (create: the field errors as an object)' },
    error_code: { type: 'integer', description: 'MERAF result code' },
    errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Field → messages' },
  },
};

/** The 401 body of the User-API-Key and operator routes. */
export const AUTH_REQUIRED_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['result', 'message', 'code'],
  properties: { result: { type: 'string', enum: ['error'] }, message: { type: 'string' }, code: { type: 'string', enum: ['AUTHENTICATION_REQUIRED'] } },
};

/** License API v1 envelope `{status, message}`: `status` repeats the HTTP status. */
export const BRIDGE_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'message'],
  properties: {
    status: { type: 'integer', description: 'The HTTP status' },
    message: { type: 'string' },
    error_type: { type: 'string', description: "The store's error type, when it refused" },
    errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Field → messages' },
  },
};

const merafError = (message: unknown, code: number, fields: Record<string, unknown> = {}) => ({ result: 'error', message, ...fields, error_code: code });

/** 400 with the MERAF error body: invalid input, nothing changed. */
export function ApiInvalidInput(errorCode: number = MerafCode.INVALID_INPUT, message: string = MESSAGES.INVALID_INPUT) {
  return ApiAnswer(400, 'Malformed or invalid input; nothing was changed', merafError(message, errorCode, { errors: { field: ['field must be ...'] } }), {
    schema: MERAF_ERROR_SCHEMA,
  });
}

/** 401 of the User-API-Key routes. */
export const ApiUserApiKeyRequired = () => ApiAnswer(401, 'Missing or wrong User-API-Key', AUTH_REQUIRED_BODY, { schema: AUTH_REQUIRED_SCHEMA });

/** 403 of the secret-key routes (the path's secret is missing, wrong, of another scope, or its tenant is suspended). */
export const ApiSecretRefused = () => ApiAnswer(403, 'Missing, wrong or suspended secret key', AUTH_FAILED_BODY, { schema: MERAF_ERROR_SCHEMA });

/** 404 of the tenant REST API (`what`: "Product not found."). */
export const ApiNotFoundAnswer = (message: string = MESSAGES.NOT_FOUND) =>
  ApiAnswer(404, 'Not found (or not the tenant’s)', merafError(message, MerafCode.NOT_FOUND), { schema: MERAF_ERROR_SCHEMA });

/** 409 of the tenant REST API. */
export const ApiConflictAnswer = (message: string, fields: Record<string, unknown> = {}) =>
  ApiAnswer(409, 'Conflict: nothing was changed', merafError(message, MerafCode.CONFLICT, fields), {
    schema: { ...MERAF_ERROR_SCHEMA, properties: { ...MERAF_ERROR_SCHEMA.properties, licenses: { type: 'integer', description: 'Licenses that still reference it' } } },
  });

/** A streamed file (200, application/octet-stream). */
export const ApiFileAnswer = (description: string) =>
  ApiResponse({ status: 200, description, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } as never);
