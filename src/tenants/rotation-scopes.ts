import { CredentialKind, SECRET_SCOPES, SecretScope } from './entities/tenant-credential.entity';

/** What a rotation can name: one credential (`api` is the User-API-Key) or `all` six. */
export const ROTATION_SCOPES = ['all', 'api', ...SECRET_SCOPES] as const;
export type RotationScope = (typeof ROTATION_SCOPES)[number];

export function isRotationScope(value: string): value is RotationScope {
  return (ROTATION_SCOPES as readonly string[]).includes(value);
}

/** The credentials a rotation scope replaces. */
export function kindsOfRotationScope(scope: RotationScope): CredentialKind[] {
  return scope === 'all' ? [...SECRET_SCOPES, 'api'] : [scope];
}

/** The fresh values of a rotation, as the API and the CLI show them: `apiKey` only when it was rotated. */
export function presentRotated(fresh: Partial<Record<CredentialKind, string>>): { apiKey?: string; secretKeys: Partial<Record<SecretScope, string>> } {
  const secretKeys = Object.fromEntries(SECRET_SCOPES.filter((s) => fresh[s]).map((s) => [s, fresh[s]]));
  return { ...(fresh.api ? { apiKey: fresh.api } : {}), secretKeys };
}
