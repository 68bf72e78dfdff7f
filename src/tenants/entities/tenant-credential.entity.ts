import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SECRET_SCOPES = ['creation', 'validation', 'activation', 'management', 'general'] as const;
export type SecretScope = (typeof SECRET_SCOPES)[number];
export type CredentialKind = SecretScope | 'api';

/** One tenant credential: AES-256-GCM ciphertext plus an HMAC blind index for lookup. */
@Entity('tenant_credentials')
export class TenantCredential {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: CredentialKind;

  @Column({ type: 'varchar', length: 255 })
  ciphertext: string;

  @Column({ name: 'blind_index', type: 'varchar', length: 64 })
  blindIndex: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
