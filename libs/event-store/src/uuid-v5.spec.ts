import { v5 } from './uuid-v5.js';

describe('name-based uuid v5', () => {
  it('matches the RFC example for www.example.com in the DNS namespace', () => {
    expect(v5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('is stable for a name and differs between names', () => {
    const ns = '0f1d4a5e-8c63-4c7e-9d4b-6b3c1f2e7a10';
    expect(v5('a', ns)).toBe(v5('a', ns));
    expect(v5('a', ns)).not.toBe(v5('b', ns));
  });
});
