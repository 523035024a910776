import {
  byLongestIdle,
  chooseAgent,
  ineligibility,
  isEligible,
  isReserved,
  rankEligible,
  type Ineligibility,
} from './eligibility';
import { normaliseSkill, normaliseSkills, unknownAgent, type RoutingAgent } from './routing-agent';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function agent(fields: Partial<RoutingAgent> = {}): RoutingAgent {
  return {
    ...unknownAgent('acme', 'ada'),
    state: 'online',
    expiresAt: at(60),
    presenceSequence: 1,
    skills: ['sales', 'support'],
    idleSince: at(-30),
    ...fields,
  };
}

describe('eligibility', () => {
  const cases: [string, Partial<RoutingAgent>, string[], Ineligibility | null][] = [
    ['online, holding the skill', {}, ['support'], null],
    ['no skill required', { skills: [] }, [], null],
    ['holding all of several skills', {}, ['support', 'sales'], null],
    ['skill names ignore case and blanks', { skills: ['Support'] }, [' SUPPORT '], null],
    ['offline', { state: 'offline', expiresAt: null, idleSince: null }, [], 'offline'],
    ['busy', { state: 'busy' }, [], 'busy'],
    ['on a break', { state: 'on-break' }, ['support'], 'on-break'],
    ['a disabled user', { status: 'disabled' }, [], 'disabled'],
    ['offered a call already (reserved)', { reservedUntil: at(0.5) }, [], 'reserved'],
    ['a reservation that timed out', { reservedUntil: at(-0.5) }, [], null],
    ['a reservation ending right now', { reservedUntil: NOW }, [], null],
    ['missing one of the skills', {}, ['support', 'billing'], 'missing-skill'],
    ['no skills at all', { skills: [] }, ['support'], 'missing-skill'],
    ['expiring within the margin (5 min)', { expiresAt: at(4) }, [], 'expiring'],
    ['expiring exactly at the margin', { expiresAt: at(5) }, [], 'expiring'],
    ['just beyond the margin', { expiresAt: at(5.01) }, [], null],
    ['online with no known expiry', { expiresAt: null }, [], 'expiring'],
    ['online with no known idle start', { idleSince: null }, [], 'not-idle'],
  ];

  it.each(cases)('%s', (_name, fields, required, expected) => {
    const a = agent(fields);
    expect(ineligibility(a, required, NOW)).toBe(expected);
    expect(isEligible(a, required, NOW)).toBe(expected === null);
  });

  it('takes the margin from the policy', () => {
    const a = agent({ expiresAt: at(4) });
    expect(isEligible(a, [], NOW, { expiryMarginMinutes: 0 })).toBe(true);
    expect(isEligible(a, [], NOW, { expiryMarginMinutes: 4 })).toBe(false);
    expect(isEligible(agent({ expiresAt: at(11) }), [], NOW, { expiryMarginMinutes: 10 })).toBe(true);
  });

  it('tells a live reservation from a lapsed one', () => {
    expect(isReserved({ reservedUntil: null }, NOW)).toBe(false);
    expect(isReserved({ reservedUntil: at(1) }, NOW)).toBe(true);
    expect(isReserved({ reservedUntil: at(-1) }, NOW)).toBe(false);
  });
});

describe('order: longest idle first', () => {
  const agents = [
    agent({ agentId: 'c', idleSince: at(-10) }),
    agent({ agentId: 'a', idleSince: at(-40) }),
    agent({ agentId: 'b', idleSince: at(-40) }),
    agent({ agentId: 'd', idleSince: at(-90), state: 'busy' }),
    agent({ agentId: 'e', idleSince: at(-120), skills: ['sales'] }),
    agent({ agentId: 'f', idleSince: at(-200), reservedUntil: at(1) }),
  ];

  it.each([
    [['support'], ['a', 'b', 'c']],
    [['sales'], ['e', 'a', 'b', 'c']],
    [
      ['Sales', 'support'],
      ['a', 'b', 'c'],
    ],
    [['billing'], []],
  ])('ranks the eligible agents for %j as %j', (required, expected) => {
    expect(rankEligible(agents, required, NOW).map((a) => a.agentId)).toEqual(expected);
    expect(chooseAgent(agents, required, NOW)?.agentId ?? null).toBe(expected[0] ?? null);
  });

  it('puts unknown idle starts last and breaks ties by agent id', () => {
    const sorted = [
      agent({ agentId: 'y', idleSince: null }),
      agent({ agentId: 'x', idleSince: null }),
      agent({ agentId: 'z', idleSince: at(-1) }),
      agent({ agentId: 'z', idleSince: at(-1) }),
    ].sort(byLongestIdle);
    expect(sorted.map((a) => a.agentId)).toEqual(['z', 'z', 'x', 'y']);
  });
});

describe('skill names', () => {
  it('normalises case, blanks and duplicates', () => {
    expect(normaliseSkill('  Billing ')).toBe('billing');
    expect(normaliseSkills(['Support', 'support ', ' ', 'Billing'])).toEqual(['billing', 'support']);
  });
});
