export { AggregateRoot } from './aggregate-root';
export { Clock, SystemClock } from './clock';
export { DomainError, type DomainErrorKind } from './domain-error';
