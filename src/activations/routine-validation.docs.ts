import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';

export const CheckDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Routine check of a license on a domain or device (no auth)',
      description:
        'The JSON string "1" when license `s` is usable, its product_ref or item_reference equals `t`, and the normalized `d` is ' +
        'one of its registered domains or devices; else "0" (also for missing parameters and unknown keys).',
    }),
    ApiQuery({ name: 't', required: true, description: 'Product (product_ref or item_reference)', schema: { type: 'string' } }),
    ApiQuery({ name: 's', required: true, description: 'License key', schema: { type: 'string' } }),
    ApiQuery({ name: 'd', required: true, description: 'Domain or device id', schema: { type: 'string' } }),
    ApiOkResponse({ description: '"1" or "0"', schema: { type: 'string', enum: ['1', '0'], example: '1' } }),
  );
