import { MerafCode } from '../result-codes';
import { bridgeBody, isBridgePath } from './bridge.presenter';
import { merafError } from './meraf.presenter';

/**
 * The body of an error that is about the HTTP exchange rather than the API (bad request line,
 * timeout, sizes, unknown route, wrong method): the shape of the contract the path belongs to
 * (`isBridgePath` is the one place that tells), or, when no path could be read at all, a neutral
 * body that either contract's client can read: `result` for a MERAF client, `status` for a
 * License API v1 client, `message` for both; no MERAF `error_code`, since no MERAF outcome applies.
 */
export function transportErrorBody(path: string | null, status: number, message: string, errorCode: number = MerafCode.INVALID_INPUT): Record<string, unknown> {
  if (path === null) return { result: 'error', status, message };
  return isBridgePath(path) ? bridgeBody(status, message) : merafError(message, errorCode);
}
