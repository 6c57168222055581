import { defineConfig } from '@playwright/test';

// Tests run against the release server built by `.ci/test`; it is started here so tests
// never race its start-up.
const port = Number(process.env.E2E_PORT ?? 3000);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
// The SMTP sink (aiosmtpd from PyPI, installed by .ci/bootstrap) keeps every message the
// server sends as a file in a Maildir the tests read (fixtures/mail.ts).
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 25);
const python = `${process.env.SCHEMATHESIS_VENV ?? `${process.env.HOME}/.cache/policy-portal-schemathesis`}/bin/python`;
const MAIL_DIR = 'target/e2e/mail'; // read by fixtures/mail.ts

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 2 : undefined,
  // Headless Chromium on a 2-core machine, two workers: a page with hydration takes 1-2 s, so
  // the multi-page journeys get more than Playwright's default 30 s (the longest, 90 s, set
  // where they are).
  timeout: 60_000,
  reporter: [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Public pages first; the staff tests change the published catalog, so they run after.
    { name: 'chromium', use: { browserName: 'chromium' }, testIgnore: /staff\.spec\.ts/ },
    {
      name: 'staff',
      use: { browserName: 'chromium' },
      testMatch: /staff\.spec\.ts/,
      dependencies: ['chromium'],
    },
  ],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : [
      {
        command: `mkdir -p target/e2e && exec ${python} -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${MAIL_DIR}`,
        cwd: '..',
        port: smtpPort,
        reuseExistingServer: !process.env.CI,
        timeout: 30_000,
      },
      {
        command: process.env.E2E_SERVER_CMD ?? 'target/release/server',
        cwd: '..',
        url: `${baseURL}/healthz`,
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        env: {
          LEPTOS_ENV: 'PROD',
          LEPTOS_SITE_ROOT: 'target/site',
          LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
          RUST_LOG: 'warn',
          // A database of its own, recreated by .ci/test before each run.
          DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'sqlite://target/e2e/policy.sqlite?mode=rwc',
          // Applicants' uploads, beside the test database.
          UPLOAD_DIR: 'target/e2e/uploads',
          // Every journey comes from 127.0.0.1: the per-address limit on new wizard sessions
          // and results (20 a minute by default, tested in app/tests/backend_limits.rs) is
          // raised so parallel journeys do not trip it.
          ANONYMOUS_NEW_PER_MINUTE: '1000',
          // Mail goes to the sink above; profile jobs and the mail queue run every second.
          MAIL_URL: `smtp://127.0.0.1:${smtpPort}`,
          PUBLIC_URL: baseURL,
          BACKGROUND_SECONDS: '1',
        },
      },
    ],
});
