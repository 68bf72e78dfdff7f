import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { USER_CREATE_REQUIRED, wireName } from './license-fields';
import { ApiCreateInvalid, ApiLicenseBody } from './license.swagger';
import { MESSAGES } from './license.presenter';

/** `recent`: how many licenses and activities the dashboard shows. */
export const DashboardDocs = (recent: number) =>
  applyDecorators(
    ApiOperation({
      summary: 'Dashboard: the tenant, its newest licenses, statistics by status and recent activities',
      description: `At most ${recent} licenses and ${recent} activities.`,
    }),
    ApiOkResponse({
      schema: {
        example: {
          result: 'success',
          user: { id: 123, username: 'john_doe', email: 'john@example.com', first_name: 'John', last_name: 'Doe', api_key: 'A1B2C3' },
          licenses: [{ id: 1, license_key: 'ABC123...', status: 'active', type: 'lifetime', customer_email: 'customer@example.com', product_ref: 'my-product', date_created: '2024-01-15 10:30:00' }],
          statistics: { total_licenses: 15, active_licenses: 12, expired_licenses: 2, blocked_licenses: 1, pending_licenses: 0 },
          recent_activities: [{ license_key: 'ABC123...', action: 'validation_attempt', timestamp: '2024-01-15 10:30:00' }],
        },
      },
    }),
  );

export const CreateDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: "Create a license for the tenant (JSON)",
      description:
        'Required: license_type, first_name, last_name, email, product_ref. license_status, max_allowed_domains and max_allowed_devices ' +
        "default to the tenant settings; the key is generated when license_key is absent. Same type and date rules as the create route.",
    }),
    ApiLicenseBody(USER_CREATE_REQUIRED.map(wireName), 'License fields', {
      license_type: 'lifetime',
      license_status: 'active',
      first_name: 'Customer Name',
      last_name: 'Customer Last',
      email: 'customer@example.com',
      max_allowed_domains: 1,
      max_allowed_devices: 1,
      product_ref: 'my-product',
    }),
    ApiOkResponse({
      description: 'Created (code 400), or the custom key is taken (error_code 200)',
      schema: { example: { result: 'success', message: MESSAGES.CREATED, key: 'ABC123...', license_key: 'ABC123...', code: 400, license: { id: 1 } } },
    }),
    ApiCreateInvalid(),
  );
