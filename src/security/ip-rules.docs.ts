import { ApiNotFoundAnswer } from '../common/docs';
import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { MESSAGES } from '../common/result-codes';
import { IP_RULE_EXAMPLE } from './security.presenter';

const BAD_INPUT_EXAMPLE = { result: 'error', message: MESSAGES.INVALID_INPUT, error_code: 400, errors: { ip: ['ip must be an IPv4 or IPv6 address or CIDR range'] } };
export const ListDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'List the active allow/deny rules and automatic blocks',
      description: 'Automatic blocks show only a keyed hash of the client (`ip_hash`); pass `ip` to find the rules and blocks that apply to an address. Rules from IP_ALLOWLIST have `source: "config"` and no id.',
    }),
    ApiOkResponse({ schema: { example: { result: 'success', data: [IP_RULE_EXAMPLE] } } }),
    ApiBadRequestResponse({ schema: { example: BAD_INPUT_EXAMPLE } }),
  );

export const CreateDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Add an allow or deny rule for an IP or CIDR range', description: 'Takes effect at once on every instance.' }),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'IP rule added.', rule: IP_RULE_EXAMPLE } } }),
    ApiBadRequestResponse({ schema: { example: BAD_INPUT_EXAMPLE } }),
  );

export const UnblockDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "Lift an address's automatic block", description: 'Takes effect at once on every instance. Deny rules are removed by id.' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Automatic block lifted.', removed: 1 } } }),
    ApiBadRequestResponse({ schema: { example: BAD_INPUT_EXAMPLE } }),
  );

export const RemoveDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Remove a rule or automatic block by id', description: 'Takes effect at once on every instance.' }),
    ApiParam({ name: 'id', description: 'IP rule id', schema: { type: 'integer', example: 7 } }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'IP rule removed.' } } }),
    ApiNotFoundAnswer('IP rule not found.'),
    ApiBadRequestResponse({ schema: { example: { result: 'error', message: MESSAGES.INVALID_INPUT, error_code: 400, errors: { id: ['id must be a positive integer'] } } } }),
  );
