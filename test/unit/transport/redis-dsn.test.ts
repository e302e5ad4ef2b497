import { ConfigError } from '../../../src/errors';
import { redact } from '../../../src/transport/bullmq/redis-connection';
import { parseMultiNodeDsn } from '../../../src/transport/bullmq/redis-dsn';
import { clusterLayout, hasHashTag, singleNodeLayout } from '../../../src/transport/bullmq/redis-key-layout';

describe('multi-node Redis DSNs', () => {
  it('reads a cluster DSN: seed nodes, default port, credentials, TLS', () => {
    expect(parseMultiNodeDsn('redis+cluster://a:7000,b,[::1]:7002')).toEqual({
      mode: 'cluster',
      tls: false,
      waitReplicas: 0,
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 6379 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(parseMultiNodeDsn('rediss+cluster://app:p%40ss@a:7000/')).toMatchObject({
      tls: true,
      username: 'app',
      password: 'p@ss',
    });
    expect(parseMultiNodeDsn('redis+cluster://:secret@a')).toEqual({
      mode: 'cluster',
      tls: false,
      waitReplicas: 0,
      password: 'secret',
      nodes: [{ host: 'a', port: 6379 }],
    });
  });

  it('reads a sentinel DSN: sentinels, master group, database, sentinel credentials', () => {
    expect(
      parseMultiNodeDsn(
        'redis+sentinel://:pw@s1:26380,s2/mymaster/2?sentinelPassword=spw&sentinelUsername=su',
      ),
    ).toEqual({
      mode: 'sentinel',
      tls: false,
      waitReplicas: 0,
      password: 'pw',
      sentinels: [
        { host: 's1', port: 26380 },
        { host: 's2', port: 26379 },
      ],
      masterName: 'mymaster',
      db: 2,
      sentinelUsername: 'su',
      sentinelPassword: 'spw',
    });
  });

  it('reads waitReplicas: replicas that must hold a dispatch before it is acknowledged', () => {
    expect(parseMultiNodeDsn('redis+sentinel://s1/m?waitReplicas=1')).toMatchObject({ waitReplicas: 1 });
    expect(parseMultiNodeDsn('redis+cluster://a:7000?waitReplicas=2')).toMatchObject({ waitReplicas: 2 });
    expect(() => parseMultiNodeDsn('redis+cluster://a?waitReplicas=all')).toThrow(
      'waitReplicas=all is not a number of replicas (0-99)',
    );
  });

  it.each([
    ['redis+sentinel://s1:26379', 'the master group name is missing'],
    ['redis+sentinel://s1/m/x', '"x" is not a database number'],
    [
      'redis+sentinel://s1/m?password=x',
      'unknown option "password" (known: sentinelUsername, sentinelPassword, waitReplicas)',
    ],
    ['redis+cluster://a:7000/3', 'a cluster has no database number'],
    ['redis+cluster://a:7000?prefix=x', 'unknown option "prefix"'],
    ['redis+cluster://a:99999', '"a:99999" is not a host[:port]'],
    ['redis+cluster://a:7000,,b', '"" is not a host[:port]'],
    ['redis+cluster://', 'not a DSN of this form'],
  ])('refuses %s with a message that says why and what to write', (dsn, why) => {
    expect(() => parseMultiNodeDsn(dsn)).toThrow(ConfigError);
    expect(() => parseMultiNodeDsn(dsn)).toThrow(why);
    expect(() => parseMultiNodeDsn(dsn)).toThrow(/expected redis\+(cluster|sentinel):\/\//);
  });

  it('never prints a password, in the user part or as sentinelPassword', () => {
    expect(redact('redis+sentinel://u:pw@s1,s2/m?sentinelPassword=spw&x=1')).toBe(
      'redis+sentinel://u:***@s1,s2/m?sentinelPassword=***&x=1',
    );
    expect(() => parseMultiNodeDsn('redis+cluster://u:hunter2@a:1/x')).toThrow(/u:\*\*\*@/);
  });
});

describe('Redis key layout', () => {
  it('gives each queue its own hash tag on a cluster, so every key of a queue shares a slot', () => {
    const layout = clusterLayout('symphony');
    expect(layout.queuePrefix('email')).toBe('symphony:{email}');
    expect(layout.symphonyPrefix).toBe('{symphony}');
  });

  it('keeps a prefix that already has a hash tag (every queue on one slot), and plain prefixes off a cluster', () => {
    expect(clusterLayout('{app}').queuePrefix('email')).toBe('{app}');
    expect(singleNodeLayout('symphony').queuePrefix('email')).toBe('symphony');
    expect([hasHashTag('{a}'), hasHashTag('x{}y'), hasHashTag('{'), hasHashTag('a}{b}')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });
});
