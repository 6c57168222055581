import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { STAFF } from './tests/fixtures/staff';

// Creates the staff accounts the tests sign in with, through the real command line
// (`server user add`, password on standard input), in the test server's own database.
export default async function globalSetup() {
  if (process.env.E2E_BASE_URL) return; // an external server manages its own accounts
  const root = path.resolve(__dirname, '..');
  const env = {
    ...process.env,
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'sqlite://target/e2e/policy.sqlite?mode=rwc',
    RUST_LOG: 'warn',
  };
  for (const account of Object.values(STAFF)) {
    try {
      execFileSync('target/release/server', ['user', 'add', '--email', account.email, '--role', account.role], {
        cwd: root,
        env,
        input: `${account.password}\n`,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      const out = String((e as { stderr?: Buffer }).stderr ?? e);
      if (!out.includes('already exists')) throw e;
    }
  }
}
