import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiInvalidInput } from '../licenses/license.swagger';
import { ACTIVATION_TYPES } from './entities/license-activation.entity';

const TYPE_PARAM = ApiParam({ name: 'type', enum: ACTIVATION_TYPES, description: 'What to register: a domain or a device' });
const NAME_PARAM = ApiParam({
  name: 'name',
  description:
    'Domain (URL-encoded; lower-cased, scheme, www., port, path and trailing dot removed, IDN to punycode) or device id ' +
    '(trimmed, 1-255 printable characters, case-sensitive)',
  schema: { type: 'string' },
});
const KEY_PARAM = ApiParam({ name: 'key', description: 'License key', schema: { type: 'string' } });

export const RegisterDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Register a domain or device on a license',
      description:
        'error_code 300 registered; 302 already registered (result error); 301 limit reached (a limit of 0 refuses the type); ' +
        '101 unknown, pending, blocked or expired license. A bad type or name is HTTP 400.',
    }),
    TYPE_PARAM,
    NAME_PARAM,
    KEY_PARAM,
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Registration of the domain (example.com) was successful.', error_code: 300 } } }),
    ApiInvalidInput(),
  );

export const UnregisterDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Unregister a domain or device from a license',
      description: 'error_code 400 unregistered; 401 not registered on this license; 101 unknown license. A bad type or name is HTTP 400.',
    }),
    TYPE_PARAM,
    NAME_PARAM,
    KEY_PARAM,
    ApiOkResponse({ schema: { example: { result: 'success', message: 'The domain (example.com) has been unregistered from the license.', error_code: 400 } } }),
    ApiInvalidInput(),
  );
