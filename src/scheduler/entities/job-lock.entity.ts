import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A cluster-wide lock of one scheduled job (used when there is no Redis). */
@Entity('job_locks')
export class JobLock {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  /** random id of the run that holds the lock */
  @Column({ type: 'varchar', length: 64 })
  holder: string;

  /** UTC; past it, the lock may be taken over (its holder died) */
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;
}
