import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { ACTIVITY_ENTRY_EXAMPLE, VALIDATION_ENTRY_EXAMPLE } from './logs.presenter';

const BAD_QUERY_EXAMPLE = merafError(MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { outcome: ['outcome must be one of the following values: success, error'] } });

export const ValidationsDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Validation log entries (success and error) of the tenant, newest first',
      description:
        'Every `/api/license/validate` call and every routine `GET /validate` check of a license of the tenant. ' +
        '`outcome` filters success or error entries; `page` starts at 1; `per_page` 1-500 (default 50). `time` is UTC.',
    }),
    ApiOkResponse({ schema: { example: { result: 'success', data: [VALIDATION_ENTRY_EXAMPLE], page: 1, per_page: 50, total: 1 } } }),
    ApiBadRequestResponse({ description: 'A query parameter is invalid or unknown', schema: { example: BAD_QUERY_EXAMPLE } }),
  );

export const ActivityDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Activity log entries of the tenant, newest first',
      description: 'Every license operation (create, edit, delete, register, validate, ...). `page` starts at 1; `per_page` 1-500 (default 50).',
    }),
    ApiOkResponse({ schema: { example: { result: 'success', data: [ACTIVITY_ENTRY_EXAMPLE], page: 1, per_page: 50, total: 1 } } }),
    ApiBadRequestResponse({ description: 'A query parameter is invalid or unknown', schema: { example: BAD_QUERY_EXAMPLE } }),
  );
