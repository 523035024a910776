export { AggregateRoot } from './aggregate-root';
export { Clock, SystemClock } from './clock';
export { Deadline } from './deadline';
export { DomainError, type DomainErrorKind } from './domain-error';
