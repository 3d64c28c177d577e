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
    const token = await mintDevToken(secret, { sub: 'staff-2', roles: ['staff'] }, { expiresIn: '2s' });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    await new Promise((r) => setTimeout(r, 2100));
    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });

  it('refuses the none algorithm', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 's', roles: ['admin'], iss: 'accountability-ledger', aud: 'accountability-ledger' })).toString('base64url');
    await expect(verifier.verify(`${header}.${body}.`)).rejects.toBeInstanceOf(InvalidToken);
  });
});
