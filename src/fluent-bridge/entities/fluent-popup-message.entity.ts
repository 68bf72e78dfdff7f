import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A message the plugin shows in a popup (the original's PopupMessage), per product. */
@Entity('fluent_popup_messages')
@Index('idx_fluent_popup_messages_tenant_product', ['tenantId', 'productId'])
export class FluentPopupMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId: number;

  /** the original's `message_type`, sent as `type` */
  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
