/**
 * The MERAF Panel API's numeric codes: the one place they are defined.
 * (The spec's common table and its endpoint sections; see docs/compat.md for the choices.)
 */
export enum MerafCode {
  CREATE_FAILED = 10,
  REACHED_MAX_DOMAINS = 50,
  LICENSE_INVALID = 60,
  VALID_LICENSE = 100,
  INVALID_LICENSE = 101,
  REACHED_MAX_DEVICES = 120,
  LICENSE_EXIST = 200,
  RETURNED_EMPTY = 204,
  KEY_UPDATE_FAILED = 220,
  KEY_UPDATE_SUCCESS = 240,
  REGISTER_SUCCESS = 300,
  REGISTER_LIMIT_REACHED = 301,
  REGISTER_ALREADY = 302,
  KEY_DELETE_SUCCESS = 320,
  KEY_DEACTIVATE_SUCCESS = 340,
  LICENSE_CREATED = 400,
  UNREGISTER_SUCCESS = 400,
  UNREGISTER_NOT_REGISTERED = 401,
  /** Generic malformed-input code used with HTTP 400 (documented in docs/compat.md). */
  INVALID_INPUT = 400,
  FORBIDDEN_ERROR = 403,
  QUERY_DOMAINorDEVICE_NOT_EXISTING = 404,
  NOT_FOUND = 404,
  METHOD_NOT_ALLOWED = 405,
  TOO_MANY_REQUESTS = 429,
  QUERY_NOT_FOUND = 500,
  INTERNAL_ERROR = 500,
  QUERY_ERROR = 503,
}

export const MESSAGES = {
  AUTH_FAILED: 'Request failed due to configuration restrictions.',
  USER_API_KEY_REQUIRED: 'Authentication required. Please provide User-API-Key header.',
  OPERATOR_REQUIRED: 'Authentication required. Please provide a valid operator token.',
  INVALID_INPUT: 'Invalid request parameters.',
  NOT_FOUND: 'The requested resource was not found.',
  INTERNAL: 'An internal error occurred. Please try again later.',
  PAYLOAD_TOO_LARGE: 'Request body is too large.',
  UNSUPPORTED_MEDIA: 'Unsupported content type.',
  MALFORMED_BODY: 'Malformed request body.',
  TIMEOUT: 'Request timed out.',
} as const;
