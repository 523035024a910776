/** Undo and redo over snapshots of the canvas: the past, what is shown, and what an undo put aside. */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** How many steps back an undo can go. */
export const HISTORY_LIMIT = 100;

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

/** A change to undo later: `next` is shown, what was shown joins the past, what was undone is dropped. */
export function record<T>(history: History<T>, next: T, limit = HISTORY_LIMIT): History<T> {
  return { past: [...history.past, history.present].slice(-limit), present: next, future: [] };
}

/** A change that is no step of its own (a node following the mouse, a selection): shown, not recorded. */
export function replace<T>(history: History<T>, next: T): History<T> {
  return { ...history, present: next };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
  };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

export const canUndo = (history: History<unknown>) => history.past.length > 0;
export const canRedo = (history: History<unknown>) => history.future.length > 0;
