/**
 * Swagger UI's sections, in the order a reader needs them: the license routes clients call first,
 * the vendor's own API next, machinery and the operator last. A tag used by a route but missing
 * here is listed before the operator's.
 */
export const TAGS: ReadonlyArray<{ name: string; description: string }> = Object.freeze([
  { name: 'Licenses (MERAF API)', description: 'Create, validate, register and manage licenses (tenant secret key in the path)' },
  { name: 'Product information (MERAF)', description: 'Products, versions, changelogs, release files and signed downloads' },
  { name: 'License API v1 (Fluent bridge)', description: "The plugin License API v1, bridged to the vendor's FluentCart store (lead token)" },
  { name: 'Tenant account', description: "The vendor's account: settings, secrets, dashboard, licenses (User-API-Key)" },
  { name: 'Tenant: products', description: "The vendor's catalogue: products, variations, versions, release files (User-API-Key)" },
  { name: 'Logs', description: 'Validation and activity logs' },
  { name: 'Notifications', description: 'Expiry-reminder subscribers' },
  { name: 'Fluent bridge: vendor management', description: 'Bridge products, popup messages, leads, trials and activations (User-API-Key)' },
  { name: 'System', description: 'Health' },
  { name: 'Cron', description: 'Scheduled jobs run on demand (CRON_TOKEN)' },
  { name: 'Operator: tenants', description: 'Tenants (operator token, ADMIN_TOKEN)' },
  { name: 'Operator: IP rules', description: 'IP allow and deny rules (operator token, ADMIN_TOKEN)' },
]);
