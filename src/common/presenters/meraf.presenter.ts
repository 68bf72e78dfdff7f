import { MerafCode, MESSAGES } from '../result-codes';

/** The MERAF envelope: `{result, message, ...fields, error_code}`. One presenter for the contract. */
export interface MerafBody {
  result: 'success' | 'error';
  message?: unknown;
  [field: string]: unknown;
}

export function merafSuccess(message: string, code: number, fields: Record<string, unknown> = {}): MerafBody {
  return { result: 'success', message, ...fields, error_code: code };
}

export function merafError(message: unknown, code: number, fields: Record<string, unknown> = {}): MerafBody {
  return { result: 'error', message, ...fields, error_code: code };
}

export const AUTH_FAILED_BODY = Object.freeze(merafError(MESSAGES.AUTH_FAILED, MerafCode.FORBIDDEN_ERROR));

export const AUTH_REQUIRED_BODY = Object.freeze({
  result: 'error',
  message: MESSAGES.USER_API_KEY_REQUIRED,
  code: 'AUTHENTICATION_REQUIRED',
});

export const OPERATOR_REQUIRED_BODY = Object.freeze({
  result: 'error',
  message: MESSAGES.OPERATOR_REQUIRED,
  code: 'AUTHENTICATION_REQUIRED',
});
