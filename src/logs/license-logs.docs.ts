import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { ACTIVITY_ENTRY_EXAMPLE, NO_LOGS_MESSAGE } from './logs.presenter';

export const LicenseLogsDocs = (limits: { default: number; max: number }) =>
  applyDecorators(
    ApiOperation({
      summary: 'Activity logs of a license, or of all licenses',
      description:
        'Newest first, at most `limit` entries (default 100, max 1000) after skipping `offset`. Only the entries of the tenant ' +
        'that owns the secret key. `ip_address` is what the tenant keeps (`ipLogging`: an HMAC of the IP by default, the IP, ' +
        'or empty). `time` is UTC. Nothing found: error_code 204 (HTTP 200).',
    }),
    ApiParam({ name: 'license_key', description: 'A license key, or `all` for every license of the tenant', example: 'all' }),
    ApiQuery({ name: 'limit', required: false, description: 'Rows to return', schema: { type: 'integer', minimum: 1, maximum: limits.max, default: limits.default } }),
    ApiQuery({ name: 'offset', required: false, description: 'Rows to skip', schema: { type: 'integer', minimum: 0, default: 0 } }),
    ApiOkResponse({
      description: 'The entries (error_code 204 RETURNED_EMPTY when there are none)',
      content: {
        'application/json': {
          examples: {
            found: { value: { result: 'success', data: [ACTIVITY_ENTRY_EXAMPLE] } },
            empty: { value: merafError(NO_LOGS_MESSAGE, MerafCode.RETURNED_EMPTY) },
          },
        },
      },
    }),
    ApiBadRequestResponse({
      description: 'limit or offset out of range',
      schema: { example: merafError(MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { limit: ['limit must be a whole number from 1 to 1000'] } }) },
    }),
  );
