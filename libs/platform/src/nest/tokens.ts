/** Injection tokens of the platform kit. */
export const PLATFORM_ENV = Symbol('PLATFORM_ENV');
export const APP_INFO = Symbol('APP_INFO');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');

export interface AppInfo {
  /** The app's name: log field, NATS queue group, metrics label. */
  name: string;
  /** The app's PostgreSQL schema. */
  schema: string;
}
