import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config.js';

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
});
