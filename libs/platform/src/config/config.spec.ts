import { ConfigError, DEV_JWT_SECRET, estimateSecretEntropyBits, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for a fresh machine: embedded database, development secret', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.PORT).toBe(3000);
    expect(c.EVENT_STORE).toBe('postgres');
    expect(c.jwtSecret).toBe(DEV_JWT_SECRET);
  });

  it('names the variable when a setting is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
  });

  it('requires EVENTSTORE_URL when the EventStoreDB adapter is chosen', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_URL: is required/);
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }).EVENTSTORE_URL).toBe(
      'esdb://localhost:2113?tls=false',
    );
  });

  it('refuses production without a real database and a token verifier', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^JWT_JWKS_URL/), expect.stringMatching(/^DATABASE_URL/)]),
    );
  });

  it('does not fall back to the development secret when a JWKS URL is set', () => {
    expect(loadConfig({ JWT_JWKS_URL: 'https://idp.example/jwks.json' }).jwtSecret).toBeUndefined();
  });

  describe('production secrets (issue 12 item 2)', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/ledger', LEDGER_SIGNING_KEY_FILE: '/run/secrets/ledger.key' };
    const strong = 'q0Vh3Zr9yB7uKx2NwP5mT8sD1fL6cJ4aE9gR2tY7iU0oH3kM'; // 48 random base64 characters

    it('refuses the published development secret', () => {
      expect(() => loadConfig({ ...prod, JWT_ALLOW_HS256: 'true', JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET: is the published development secret/);
    });

    it('refuses a secret with less than 32 bytes of entropy, however long', () => {
      expect(() => loadConfig({ ...prod, JWT_ALLOW_HS256: 'true', JWT_SECRET: 'a'.repeat(64) })).toThrow(/JWT_SECRET: has less than 32 bytes/);
      expect(() => loadConfig({ ...prod, JWT_ALLOW_HS256: 'true', JWT_SECRET: 'ab'.repeat(40) })).toThrow(/entropy/);
      expect(() => loadConfig({ ...prod, JWT_ALLOW_HS256: 'true', JWT_SECRET: '0123456789abcdef0123456789abcdef' })).toThrow(/entropy/);
    });

    it('refuses HS256 unless JWT_ALLOW_HS256=true', () => {
      expect(() => loadConfig({ ...prod, JWT_SECRET: strong })).toThrow(/JWT_SECRET: HS256 is refused in production/);
      expect(loadConfig({ ...prod, JWT_SECRET: strong, JWT_ALLOW_HS256: 'true' }).jwtSecret).toBe(strong);
    });

    it('scores random secrets above the bar and repetitive ones below', () => {
      expect(estimateSecretEntropyBits(strong)).toBeGreaterThanOrEqual(256);
      expect(estimateSecretEntropyBits('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBeGreaterThanOrEqual(256);
      expect(estimateSecretEntropyBits('password'.repeat(8))).toBeLessThan(256);
    });

    it('does not serve the Swagger UI in production unless enabled', () => {
      const jwks = { ...prod, JWT_JWKS_URL: 'https://idp.example/jwks.json' };
      expect(loadConfig(jwks).DOCS_UI).toBe(false);
      expect(loadConfig({ ...jwks, DOCS_UI: 'true' }).DOCS_UI).toBe(true);
      expect(loadConfig({}).DOCS_UI).toBe(true);
    });

    it('reads the token lifetime cap as seconds or a duration', () => {
      expect(loadConfig({}).JWT_MAX_TTL).toBe(12 * 3600);
      expect(loadConfig({ JWT_MAX_TTL: '30m' }).JWT_MAX_TTL).toBe(1800);
      expect(() => loadConfig({ JWT_MAX_TTL: 'forever' })).toThrow(/JWT_MAX_TTL/);
    });
  });
});
