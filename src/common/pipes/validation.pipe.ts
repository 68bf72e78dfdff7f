import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldErrors, InputValidationException } from '../contract.exception';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out[field] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * The project's validation pipe: whitelist + reject unknown fields, transform to DTO classes,
 * and report failures as InputValidationException (field list). `errorCode` sets the MERAF
 * code an endpoint uses for bad input.
 */
export function createValidationPipe(options: { errorCode?: number; message?: string; forbidUnknown?: boolean } = {}) {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: options.forbidUnknown ?? true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new InputValidationException(flattenValidationErrors(errors), { errorCode: options.errorCode, message: options.message }),
  });
}
