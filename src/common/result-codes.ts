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
  /** Tenant REST API (products): a unique name, slug, version or file name is taken, or licenses still reference it. */
  CONFLICT = 409,
  /** Tenant REST API (products): an upload over UPLOAD_MAX_BYTES. */
  PAYLOAD_TOO_LARGE = 413,
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
  MALFORMED_REQUEST: 'Malformed request.',
  HEADERS_TOO_LARGE: 'Request headers are too large.',
  URI_TOO_LONG: 'Request URI is too long.',
  /** HTTP 503 (MERAF QUERY_ERROR): the database does not answer in time; sent with Retry-After. */
  UNAVAILABLE: 'The service is temporarily unavailable. Please try again later.',
} as const;

/** Retry-After (seconds) on a 503 for a database outage. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * License API v1 (Fluent bridge) outcomes. Each maps to the HTTP status (= `status` in the
 * `{status, message}` envelope) and the message the original bridge sent (license-api-v1.md,
 * fluent-upstream.md). Outcomes marked "mapped" carry the message of the upstream error type.
 */
export enum BridgeCode {
  UNAUTHORIZED = 'unauthorized',
  VALIDATION_ERROR = 'validation_error',
  ACTIVATED = 'activated',
  LICENSE_VALID = 'license_valid',
  VERSION_FETCHED = 'version_fetched',
  DEACTIVATED = 'deactivated',
  PLUGIN_DELETED = 'plugin_deleted',
  TRIAL_CREATED = 'trial_created',
  TRIAL_RESTORED = 'trial_restored',
  TRIAL_EXISTS = 'trial_exists',
  TRIAL_VALID = 'trial_valid',
  TRIAL_EXPIRED = 'trial_expired',
  PREMIUM_VALID = 'premium_valid',
  PREMIUM_EXPIRED = 'premium_expired',
  /** mapped */
  PREMIUM_INVALID = 'premium_invalid',
  PREMIUM_NOT_CONFIGURED = 'premium_not_configured',
  LICENSE_DATA_NOT_FOUND = 'license_data_not_found',
  NO_TRIAL = 'no_trial',
  LOCAL_LICENSE_NOT_FOUND = 'local_license_not_found',
  INVALID_CONFIGURATION = 'invalid_configuration',
  /** mapped */
  UPSTREAM_REJECTED = 'upstream_rejected',
  /** mapped */
  LICENSE_NOT_VALID = 'license_not_valid',
  RECORD_NOT_FOUND_FOR_SITE = 'record_not_found_for_site',
  RECORD_NOT_FOUND_ACTIVATE_FIRST = 'record_not_found_activate_first',
  CONNECTION_FAILED = 'connection_failed',
  UPSTREAM_INVALID_RESPONSE = 'upstream_invalid_response',
  UPSTREAM_UNAVAILABLE = 'upstream_unavailable',
}

export const BRIDGE_OUTCOMES: Readonly<Record<BridgeCode, { status: number; message: string }>> = Object.freeze({
  [BridgeCode.UNAUTHORIZED]: { status: 401, message: 'Unauthorized' },
  [BridgeCode.VALIDATION_ERROR]: { status: 422, message: 'Validation Error' },
  [BridgeCode.ACTIVATED]: { status: 200, message: 'Your License key has been activated successfully.' },
  [BridgeCode.LICENSE_VALID]: { status: 200, message: 'Your License key is valid.' },
  [BridgeCode.VERSION_FETCHED]: { status: 200, message: 'License version fetched successfully.' },
  [BridgeCode.DEACTIVATED]: { status: 200, message: 'Your license key has been deactivated.' },
  [BridgeCode.PLUGIN_DELETED]: { status: 200, message: 'Your plugin has been deleted successfully.' },
  [BridgeCode.TRIAL_CREATED]: { status: 200, message: 'Your free trial has been started successfully.' },
  [BridgeCode.TRIAL_RESTORED]: { status: 200, message: 'Your free trial has been restored.' },
  [BridgeCode.TRIAL_EXISTS]: { status: 400, message: 'A free trial already exists for this site and product.' },
  [BridgeCode.TRIAL_VALID]: { status: 200, message: 'Your free trial license is valid.' },
  [BridgeCode.TRIAL_EXPIRED]: { status: 200, message: 'Your free trial has expired. Please purchase a paid license.' },
  [BridgeCode.PREMIUM_VALID]: { status: 200, message: 'Your premium license key is valid.' },
  [BridgeCode.PREMIUM_EXPIRED]: { status: 200, message: 'Your Premium License is expire , please renew again.' },
  [BridgeCode.PREMIUM_INVALID]: { status: 403, message: 'License is invalid.' },
  [BridgeCode.PREMIUM_NOT_CONFIGURED]: {
    status: 403,
    message: 'Premium license not configured for this domain. Please activate the paid license in your plugin settings.',
  },
  [BridgeCode.LICENSE_DATA_NOT_FOUND]: { status: 403, message: 'License data not found. Please activate your license first.' },
  [BridgeCode.NO_TRIAL]: { status: 404, message: 'Plugin not installed or no license found.' },
  [BridgeCode.LOCAL_LICENSE_NOT_FOUND]: { status: 422, message: 'Local license not found.' },
  [BridgeCode.INVALID_CONFIGURATION]: { status: 422, message: 'Invalid Fluent plugin configuration.' },
  [BridgeCode.UPSTREAM_REJECTED]: { status: 422, message: 'License validation failed.' },
  [BridgeCode.LICENSE_NOT_VALID]: { status: 404, message: 'License is not valid.' },
  [BridgeCode.RECORD_NOT_FOUND_FOR_SITE]: { status: 404, message: 'License record not found for this site.' },
  [BridgeCode.RECORD_NOT_FOUND_ACTIVATE_FIRST]: { status: 404, message: 'License record not found. Please activate first.' },
  [BridgeCode.CONNECTION_FAILED]: { status: 500, message: 'Failed to connect to the license server.' },
  [BridgeCode.UPSTREAM_INVALID_RESPONSE]: { status: 500, message: 'The license server sent an invalid response.' },
  [BridgeCode.UPSTREAM_UNAVAILABLE]: { status: 503, message: 'License server is temporarily unavailable. Please try again later.' },
});
