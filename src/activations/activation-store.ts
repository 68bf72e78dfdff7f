import type { EntityManager } from 'typeorm';
import { ActivationType, LicenseActivation } from './entities/license-activation.entity';

/**
 * Plain data access to a license's activations, for code that already holds a transaction (the
 * licenses module's delete). No Nest dependency, so licenses and activations do not import each
 * other's modules.
 */
export async function deleteActivationsOf(m: EntityManager, tenantId: number, licenseId: number, type: ActivationType): Promise<number> {
  const result = await m.getRepository(LicenseActivation).delete({ tenantId, licenseId, type });
  return result.affected ?? 0;
}

export async function countActivationsOf(m: EntityManager, tenantId: number, licenseId: number, type: ActivationType): Promise<number> {
  return m.getRepository(LicenseActivation).count({ where: { tenantId, licenseId, type } });
}
