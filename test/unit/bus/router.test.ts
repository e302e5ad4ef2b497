import { ConfigError, RoutingError } from '../../../src/errors';
import { Router } from '../../../src/bus/router';

describe('Router', () => {
  const router = new Router({
    'email.send': 'priority-emails',
    'email.*': 'emails',
    'email.digest.*': 'digests',
    'sms.*': 'sms',
    '*': 'default',
  });

  it('routes an exact type before any wildcard', () => {
    expect(router.resolve('email.send')).toBe('priority-emails');
  });

  it('routes by the longest matching prefix.*', () => {
    expect(router.resolve('email.welcome')).toBe('emails');
    expect(router.resolve('email.digest.weekly')).toBe('digests');
    expect(router.resolve('sms.drip_step')).toBe('sms');
  });

  it('matches a prefix only at a dot boundary', () => {
    // "email.*" covers "email.x", not "email" nor "emailer.x"
    expect(router.resolve('email')).toBe('default');
    expect(router.resolve('emailer.send')).toBe('default');
  });

  it('falls back to "*"', () => {
    expect(router.resolve('campaign.launch')).toBe('default');
  });

  it('gives a per-dispatch override precedence over the table', () => {
    expect(router.resolve('email.send', 'urgent')).toBe('urgent');
    expect(router.resolve('nothing.matches', 'urgent')).toBe('urgent');
  });

  it('returns the same answer from its cache', () => {
    expect(router.resolve('email.welcome')).toBe('emails');
    expect(router.resolve('email.welcome')).toBe('emails');
  });

  it('rejects an unroutable type with RoutingError naming the type and the fix', () => {
    const strict = new Router({ 'email.*': 'emails' });
    const error = (() => {
      try {
        return strict.resolve('sms.send');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RoutingError);
    expect(error).toMatchObject({ code: 'UNROUTABLE', messageType: 'sms.send' });
    expect((error as Error).message).toMatch(/"sms\.send".*routing table/);
  });

  it.each(['email*', '*.send', 'email.*.send', 'e*mail.*', '*.*', '.*', '**'])(
    'rejects the bad wildcard pattern %s when built',
    (pattern) => {
      const build = () => new Router({ [pattern]: 'q' });
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/only "prefix\.\*" or "\*" may use a wildcard/);
    },
  );

  it('lists every queue the table can route to, once each', () => {
    expect(router.queues().sort()).toEqual(['default', 'digests', 'emails', 'priority-emails', 'sms']);
    expect(new Router({ 'a.*': 'q', b: 'q' }).queues()).toEqual(['q']);
  });
});
