import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiQuery } from '@nestjs/swagger';
import { MerafCode } from '../common/result-codes';
import { LICENSE_STATUSES, LICENSE_TYPES } from './entities/license.entity';
import { BILLING_INTERVALS, FieldSpec, LICENSE_FIELDS, LicenseFields, wireName } from './license-fields';

/** Swagger descriptions generated from the one field table (license-fields.ts). */

function schemaOf(f: FieldSpec): Record<string, unknown> {
  const base: Record<string, unknown> = { description: f.description, example: f.example };
  switch (f.kind) {
    case 'int':
      return { ...base, type: 'integer', minimum: f.min ?? 0, maximum: f.max };
    case 'status':
      return { ...base, type: 'string', enum: [...LICENSE_STATUSES] };
    case 'type':
      return { ...base, type: 'string', enum: [...LICENSE_TYPES] };
    case 'interval':
      return { ...base, type: 'string', enum: [...BILLING_INTERVALS] };
    case 'date':
      return { ...base, type: 'string' };
    default:
      return { ...base, type: 'string', maxLength: f.max };
  }
}

/** Every license field as a query parameter (GET create). */
export function ApiLicenseQuery(required: readonly (keyof LicenseFields)[]) {
  const names = new Set(required.map(wireName));
  return applyDecorators(...LICENSE_FIELDS.map((f) => ApiQuery({ name: f.wire, required: names.has(f.wire), description: f.description, schema: schemaOf(f) as never })));
}

/** The license fields as a JSON (or form) body. */
export function ApiLicenseBody(required: readonly string[], description: string, example: Record<string, unknown>) {
  return ApiBody({
    description,
    schema: {
      type: 'object',
      required: [...required],
      properties: Object.fromEntries(LICENSE_FIELDS.map((f) => [f.wire, schemaOf(f)])),
      example,
    } as never,
  });
}

export function ApiInvalidInput(errorCode: number = MerafCode.INVALID_INPUT, message = 'Invalid request parameters.') {
  return ApiBadRequestResponse({
    description: 'Malformed or invalid input; nothing was changed',
    schema: { example: { result: 'error', message, error_code: errorCode, errors: { email: ['email must be a valid e-mail address'] } } },
  });
}

/** Create's input error (error_code 10): the field errors as `message` and as `errors`. */
export function ApiCreateInvalid() {
  return ApiBadRequestResponse({
    description: 'Invalid or missing fields; nothing was created',
    schema: {
      example: {
        result: 'error',
        message: { email: 'email must be a valid e-mail address' },
        errors: { email: ['email must be a valid e-mail address'] },
        error_code: MerafCode.CREATE_FAILED,
      },
    },
  });
}
