import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RotateSecretsDto } from './dto/tenant.dto';
import { DEFAULT_TENANT_SETTINGS } from './tenant-settings';

export const GetSettingsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "Read the tenant's settings" }),
    ApiOkResponse({ schema: { example: { result: 'success', settings: DEFAULT_TENANT_SETTINGS } } }),
  );

export const UpdateSettingsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "Update the tenant's settings (only the fields sent change; unknown fields are rejected)" }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Settings saved.', settings: DEFAULT_TENANT_SETTINGS } } }),
  );

export const RotateDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Rotate one or all credentials',
      description: 'Old values stop working at once. The new values are shown only in this response.',
    }),
    ApiBody({ type: RotateSecretsDto, required: false }),
    ApiOkResponse({
      schema: {
        example: {
          result: 'success',
          message: 'Credentials rotated.',
          apiKey: 'K7QX2M',
          secretKeys: { creation: '...', validation: '...', activation: '...', management: '...', general: '...' },
        },
      },
    }),
  );
