import { SignJWT } from 'jose';
import { InvalidToken, JwtVerifier, mintDevToken } from './jwt.verifier.js';

const secret = 'a-test-secret-that-is-at-least-32-chars!';
const config = { jwtSecret: secret, JWT_JWKS_URL: undefined, JWT_ISSUER: 'accountability-ledger', JWT_AUDIENCE: 'accountability-ledger' };

describe('bearer token verification (HS256 in development)', () => {
  const verifier = new JwtVerifier(config);

  it('accepts a minted token and reads sub, roles and units', async () => {
    const token = await mintDevToken(secret, { sub: 'staff-1', roles: ['unit_head'], units: ['u-1'] });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'staff-1', roles: ['unit_head'], units: ['u-1'] });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintDevToken('another-secret-that-is-long-enough-000', { sub: 's', roles: ['hr'] });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('refuses an expired token', async () => {
    const token = await mintDevToken(secret, { sub: 's', roles: ['hr'] }, { expiresIn: '-1m' });
    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });

  it('refuses an unknown role and a wrong audience', async () => {
    const bad = await new SignJWT({ roles: ['superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('accountability-ledger')
      .setAudience('accountability-ledger')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(bad)).rejects.toThrow(/roles must be/);
    const otherAudience = await mintDevToken(secret, { sub: 's', roles: ['hr'] }, { audience: 'payroll' });
    await expect(verifier.verify(otherAudience)).rejects.toThrow(/aud/);
  });

  it('answers a repeated token from its cache until the token expires', async () => {
    const strict = new JwtVerifier({ ...config, JWT_CLOCK_SKEW: 0 }); // no skew, so expiry is exact
    const token = await mintDevToken(secret, { sub: 'staff-2', roles: ['staff'] }, { expiresIn: '2s' });
    const first = await strict.verify(token);
    expect(await strict.verify(token)).toBe(first);
    await new Promise((r) => setTimeout(r, 2100));
    await expect(strict.verify(token)).rejects.toThrow(/exp/);
  });

  it('refuses the none algorithm', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 's', roles: ['admin'], iss: 'accountability-ledger', aud: 'accountability-ledger' })).toString('base64url');
    await expect(verifier.verify(`${header}.${body}.`)).rejects.toBeInstanceOf(InvalidToken);
  });

  describe('token lifetime (issue 12 item 3)', () => {
    const sign = (claims: Record<string, unknown>, build: (j: SignJWT) => SignJWT) =>
      build(new SignJWT({ roles: ['admin'], ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').setIssuer('accountability-ledger').setAudience('accountability-ledger')).sign(
        new TextEncoder().encode(secret),
      );
    const now = () => Math.floor(Date.now() / 1000);

    it('refuses a token without exp', async () => {
      await expect(verifier.verify(await sign({}, (j) => j.setIssuedAt()))).rejects.toThrow(/exp/);
    });

    it('refuses an exp 100 years ahead, with or without iat', async () => {
      await expect(verifier.verify(await sign({}, (j) => j.setIssuedAt().setExpirationTime('36500d')))).rejects.toThrow(/longer than|ahead/);
      await expect(verifier.verify(await sign({}, (j) => j.setExpirationTime('36500d')))).rejects.toThrow(/ahead/);
    });

    it('honours JWT_MAX_TTL', async () => {
      const short = new JwtVerifier({ ...config, JWT_MAX_TTL: 600, JWT_CLOCK_SKEW: 30 });
      await expect(short.verify(await mintDevToken(secret, { sub: 's', roles: ['hr'] }, { expiresIn: '5m' }))).resolves.toMatchObject({ sub: 's' });
      await expect(short.verify(await mintDevToken(secret, { sub: 's', roles: ['hr'] }, { expiresIn: '1h' }))).rejects.toThrow(/600/);
    });

    it('refuses iat and nbf in the future beyond the skew, accepts them within it', async () => {
      await expect(verifier.verify(await sign({}, (j) => j.setIssuedAt(now() + 3600).setExpirationTime(now() + 7200)))).rejects.toThrow(/iat/);
      await expect(verifier.verify(await sign({}, (j) => j.setIssuedAt().setNotBefore(now() + 3600).setExpirationTime('2h')))).rejects.toThrow(/nbf/);
      await expect(verifier.verify(await sign({}, (j) => j.setIssuedAt(now() + 10).setNotBefore(now() + 10).setExpirationTime('1h')))).resolves.toMatchObject({ sub: 's' });
    });
  });
});
