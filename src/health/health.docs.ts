import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';

export const CheckDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Liveness and database status' }),
    ApiOkResponse({ schema: { example: { status: 'ok', database: { type: 'sqlite', status: 'up' } } } }),
    ApiServiceUnavailableResponse({ schema: { example: { status: 'error', database: { type: 'mysql', status: 'down' } } } }),
  );
