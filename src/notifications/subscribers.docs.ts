import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { NO_SUBSCRIBERS_MESSAGE, SUBSCRIBER_EXAMPLE } from './subscribers.presenter';

export const SubscribersDocs = (limits: { default: number; max: number }) =>
  applyDecorators(
    ApiOperation({
      summary: 'Notification e-mails sent about the tenant’s licenses',
      description:
        'A bare JSON array, oldest first, at most `limit` rows (default 1000, max 10000) after `offset`. `status`: `success` ' +
        '(sent), `failed` (the SMTP server refused or was unreachable), `recorded` (no SMTP_URL configured: not sent). ' +
        '`date_sent` is UTC. Nothing found: error_code 204 (HTTP 200).',
    }),
    ApiQuery({ name: 'limit', required: false, description: 'Rows to return', schema: { type: 'integer', minimum: 1, maximum: limits.max, default: limits.default } }),
    ApiQuery({ name: 'offset', required: false, description: 'Rows to skip', schema: { type: 'integer', minimum: 0, default: 0 } }),
    ApiOkResponse({
      description: 'The rows (error_code 204 RETURNED_EMPTY when there are none)',
      content: {
        'application/json': {
          examples: {
            found: { value: [SUBSCRIBER_EXAMPLE] },
            empty: { value: merafError(NO_SUBSCRIBERS_MESSAGE, MerafCode.RETURNED_EMPTY) },
          },
        },
      },
    }),
    ApiBadRequestResponse({
      description: 'limit or offset out of range',
      schema: { example: merafError(MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { limit: ['limit must be a whole number from 1 to 10000'] } }) },
    }),
  );
