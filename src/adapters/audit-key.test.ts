import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { besideDatabase, loadOrCreateAuditKey } from './audit-key.ts';

const root = mkdtempSync(join(tmpdir(), 'kaifang-key-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('besideDatabase', () => {
  it('puts a file beside the database under its name', () => {
    expect(besideDatabase('./data/kaifang.db', 'audit-head')).toBe('data/kaifang.audit-head');
    expect(besideDatabase('/var/lib/k/platform.sqlite', 'audit-key')).toBe('/var/lib/k/platform.audit-key');
    expect(besideDatabase('/var/lib/k/plain', 'audit-key')).toBe('/var/lib/k/plain.audit-key');
  });
});

describe('loadOrCreateAuditKey', () => {
  it('generates 32 random bytes as hex on first use, readable by the owner only, and reads the same key afterwards', () => {
    const dir = mkdtempSync(join(root, 'gen-'));
    const path = join(dir, 'kaifang.audit-key');
    const key = loadOrCreateAuditKey(path);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAuditKey(path)).toBe(key);
    // The candidate file used to create it atomically is gone.
    expect(readdirSync(dir)).toEqual(['kaifang.audit-key']);
    expect(loadOrCreateAuditKey(join(mkdtempSync(join(root, 'other-')), 'kaifang.audit-key'))).not.toBe(key);
  });

  it('keeps a key that is already there, and refuses one too short to be a key', () => {
    const path = join(root, 'given.audit-key');
    writeFileSync(path, `${'s'.repeat(40)}\n`);
    expect(loadOrCreateAuditKey(path)).toBe('s'.repeat(40));
    writeFileSync(path, 'short\n');
    expect(() => loadOrCreateAuditKey(path)).toThrow(/holds no usable key/);
  });
});
