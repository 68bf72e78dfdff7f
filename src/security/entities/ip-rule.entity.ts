import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type IpRuleType = 'allow' | 'deny';
/** `operator`: typed through /api/admin/ip-rules; `automatic`: a block for repeated failed attempts. */
export type IpRuleSource = 'operator' | 'automatic';

/**
 * An allow or deny rule for client addresses (global, not per tenant: it is the operator's
 * firewall). Operator rules hold the IP/CIDR the operator typed; automatic blocks hold only a
 * keyed hash of the client (see IpRulesService.subjectHash), never the clear address.
 */
@Entity('ip_rules')
@Index('idx_ip_rules_expires_at', ['expiresAt'])
export class IpRule {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 8 })
  type: IpRuleType;

  /** canonical IP or CIDR (operator rules) */
  @Column({ type: 'varchar', length: 64, nullable: true })
  cidr: string | null;

  /** HMAC of the blocked client (automatic blocks); unique, so a repeat block extends the row */
  @Index('uq_ip_rules_ip_hash', { unique: true })
  @Column({ name: 'ip_hash', type: 'varchar', length: 64, nullable: true })
  ipHash: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: IpRuleSource;

  @Column({ type: 'varchar', length: 255, default: '' })
  note: string;

  /** UTC; null = until removed */
  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
