import { historyWindow, onlineSeries } from './online-series';

const at = (hhmm: string) => new Date(`2026-05-01T${hhmm}:00.000Z`);

describe(onlineSeries.name, () => {
  const window = { from: at('10:00'), to: at('11:00') };

  it('counts an agent once per step that any of their sessions overlaps, under each skill', () => {
    const { skills, points } = onlineSeries(
      [
        { agentId: 'ada', from: at('09:00'), to: at('10:20') },
        { agentId: 'ada', from: at('10:25'), to: at('10:40') },
        { agentId: 'bob', from: at('10:50'), to: at('12:00') },
      ],
      new Map([
        ['ada', ['Billing', 'spanish']],
        ['bob', ['billing']],
      ]),
      window,
      15,
    );

    expect(skills).toEqual(['billing', 'spanish']);
    expect(points).toEqual([
      { at: '2026-05-01T10:00:00.000Z', online: 1, skills: { billing: 1, spanish: 1 } },
      { at: '2026-05-01T10:15:00.000Z', online: 1, skills: { billing: 1, spanish: 1 } },
      { at: '2026-05-01T10:30:00.000Z', online: 1, skills: { billing: 1, spanish: 1 } },
      { at: '2026-05-01T10:45:00.000Z', online: 1, skills: { billing: 1, spanish: 0 } },
    ]);
  });

  it('counts an agent without skills (or unknown to identity) only as online', () => {
    const { skills, points } = onlineSeries(
      [{ agentId: 'cy', from: at('10:00'), to: at('10:15') }],
      new Map(),
      window,
      30,
    );

    expect(skills).toEqual([]);
    expect(points.map((p) => [p.online, p.skills])).toEqual([
      [1, {}],
      [0, {}],
    ]);
  });
});

describe(historyWindow.name, () => {
  it.each([
    ['10:07', 15, '2026-05-01T09:15:00.000Z', '2026-05-01T10:15:00.000Z'],
    ['10:15', 15, '2026-05-01T09:30:00.000Z', '2026-05-01T10:30:00.000Z'],
    ['10:59', 60, '2026-05-01T10:00:00.000Z', '2026-05-01T11:00:00.000Z'],
  ])('ends at the end of the step that holds %s (step %d min)', (now, step, from, to) => {
    const window = historyWindow(at(now), 1, step);

    expect([window.from.toISOString(), window.to.toISOString()]).toEqual([from, to]);
  });
});
