import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigError } from '../config/env';
import { CryptoService, DecryptionError } from '../crypto/crypto.service';

/** How many tenants' credentials are tried: one unreadable row could be damage, none readable is the wrong key. */
const SAMPLE_TENANTS = 3;

/**
 * A wrong MASTER_KEY stops start-up (server and CLI) with one line, instead of every tenant
 * looking like a failed login. The check needs no stored check value: it decrypts the stored
 * User-API-Key of up to three tenants; when there are rows and none decrypts, the database was
 * made with another key. A database without tenants accepts any key (nothing is encrypted yet).
 */
export async function verifyMasterKey(ds: DataSource, crypto: CryptoService): Promise<void> {
  const runner = ds.createQueryRunner();
  let migrated: boolean;
  try {
    migrated = await runner.hasTable('tenant_credentials');
  } finally {
    await runner.release();
  }
  if (!migrated) return; // MIGRATIONS_RUN=false on an empty database: nothing to check
  const rows: Array<{ tenant_id: number; ciphertext: string }> = await ds.query(
    `SELECT tenant_id, ciphertext FROM tenant_credentials WHERE kind = 'api' ORDER BY tenant_id LIMIT ${SAMPLE_TENANTS}`,
  );
  if (rows.length === 0) return;
  const readable = rows.filter((row) => {
    try {
      crypto.decrypt(row.tenant_id, row.ciphertext);
      return true;
    } catch (e) {
      if (e instanceof DecryptionError) return false;
      throw e;
    }
  });
  if (readable.length === 0) {
    throw new ConfigError('MASTER_KEY', 'does not decrypt the tenant credentials stored in this database: it was made with another MASTER_KEY (set the key it was made with)');
  }
}

@Injectable()
export class MasterKeyCheck implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
  ) {}

  onModuleInit(): Promise<void> {
    return verifyMasterKey(this.ds, this.crypto);
  }
}
