/**
 * Shared OpenAPI helpers. How to document a new route:
 *
 * 1. Put its docs in `<feature>.docs.ts` beside the controller, one composite decorator per route:
 *      export const ValidateDocs = () => applyDecorators(
 *        ApiOperation({ summary: 'Validate a license key' }),
 *        ApiParam({ name: 'key', description: 'License key', schema: { type: 'string' } }),
 *        ApiAnswer(200, 'Valid (100) or not (101)', VALIDATE_EXAMPLE),   // schema derived from the example
 *        ApiInvalidInput(),                                                // 400, MERAF error body
 *      );
 *    and use it on the handler (`@ValidateDocs()`), so the controller reads as its routes.
 * 2. Every answer the route itself gives gets an `ApiAnswer`/`ApiAnswers` with a real body (use
 *    the presenter's output where one exists); null examples need a type (`hints`, or NULLABLE_TYPES).
 *    Bodies of DTO classes: `ApiResponse({ status, type: Dto })`.
 * 3. Every parameter has a description (`ApiParam`/`ApiQuery`, or `@ApiProperty({ description })` on a query DTO).
 * 4. Credentials come from the auth decorators (`@UserApiKey()`, `@Operator()`, `@SecretKey()`,
 *    `@LeadToken()`): they add the security requirement and the 401/403 answer. Another credential:
 *    add a scheme to SECURITY_SCHEMES and use `SecuredBy(...)`.
 * 5. Do not add the common answers: buildOpenApiDocument adds 403 (IP block), 429 (from the route's
 *    rate-limit tier), 400/413/415 (bodies), 500 and 503 in the route's contract shape.
 * 6. A new tag goes into TAGS in reading order. Check with `npm run lint:openapi` and
 *    test/openapi-document.e2e-spec.ts (typed 2xx bodies, described parameters, security).
 */
export * from './answers';
export * from './schema-from-example';
export * from './security';
export * from './tags';
