import { rateLimitGroup } from './rate-limit.js';

describe('rate limit groups (README "Configuration": heavy reads have their own budget)', () => {
  it.each([
    ['/api/v1/disciplinary-cases/kl-1/case-file', 'heavy'],
    ['/api/v1/staff/an/history', 'heavy'],
    // the offline bundles are the case file / history plus an inclusion proof per event
    ['/api/v1/disciplinary-cases/kl-1/case-file/bundle', 'heavy'],
    ['/api/v1/staff/an/history/bundle', 'heavy'],
    ['/api/v1/evaluation-cycles/c-1/results.xlsx', 'heavy'],
    ['/api/v1/watchlist', 'heavy'],
    ['/api/v1/events', 'heavy'],
    ['/api/v1/audit/verify', 'audit'],
    ['/api/v1/public/dossiers/ABC-1', 'public_lookup'],
    ['/api/v1/staff/an', 'default'],
    ['/api/v1/disciplinary-cases/kl-1', 'default'],
  ])('%s is %s', (path, group) => {
    expect(rateLimitGroup(path)).toBe(group);
  });
});
