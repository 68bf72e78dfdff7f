import { HttpException } from '@nestjs/common';
import { merafError } from './presenters/meraf.presenter';
import { MerafCode, MESSAGES } from './result-codes';

/**
 * An exception whose body is already in a wire contract's shape. The global filter sends it
 * as it is, with its HTTP status.
 */
export class ContractException extends HttpException {
  constructor(
    readonly body: Record<string, unknown>,
    status: number,
  ) {
    super(body, status);
  }
}

export type FieldErrors = Record<string, string[]>;

/**
 * Malformed or invalid input. Rendered by the filter as HTTP 400 (MERAF) or 422 (bridge) with
 * the fields listed. `errorCode` lets an endpoint use its own failure code (create: 10).
 */
export class InputValidationException extends HttpException {
  constructor(
    readonly errors: FieldErrors,
    readonly details: { errorCode?: number; message?: string; status?: number } = {},
  ) {
    super({ errors }, details.status ?? 400);
  }

  toMerafBody(): Record<string, unknown> {
    return merafError(this.details.message ?? MESSAGES.INVALID_INPUT, this.details.errorCode ?? MerafCode.INVALID_INPUT, {
      errors: this.errors,
    });
  }
}
