import { describe, expect, it } from '@jest/globals';
import { canRedo, canUndo, record, redo, replace, startHistory, undo } from './history';

describe('the designer history', () => {
  it('undoes recorded changes one at a time, and redoes them', () => {
    const h = record(record(startHistory('a'), 'b'), 'c');

    expect(undo(h).present).toBe('b');
    expect(undo(undo(h)).present).toBe('a');
    expect(redo(undo(undo(h))).present).toBe('b');
    expect(redo(redo(undo(undo(h)))).present).toBe('c');
  });

  it('forgets what was undone once a new change is recorded', () => {
    const h = record(undo(record(startHistory('a'), 'b')), 'x');

    expect(h.present).toBe('x');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('a');
  });

  it('shows a replaced state without making it a step: undo goes back past it', () => {
    const h = replace(record(startHistory('a'), 'b'), 'b-moved');

    expect(h.present).toBe('b-moved');
    expect(undo(h).present).toBe('a');
  });

  it('changes nothing when there is nothing to undo or redo', () => {
    const h = startHistory('a');

    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('keeps at most the limit of steps', () => {
    let h = startHistory(0);
    for (let i = 1; i <= 10; i += 1) h = record(h, i, 3);

    expect(h.past).toEqual([7, 8, 9]);
  });
});
