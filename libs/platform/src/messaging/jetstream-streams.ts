import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { streamReplicas } from '../config/env';

export interface StreamSpec {
  name: string;
  subjects: string[];
  /** How long JetStream remembers a `Nats-Msg-Id` to drop a republished event. */
  duplicateWindowMs?: number;
  maxAgeMs?: number;
  /** Default: `NATS_STREAM_REPLICAS`, so that every app's streams get the same, configured number. */
  replicas?: number;
}

/** Creates the stream, or brings its subjects and limits up to date; safe to call from every replica. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(spec.duplicateWindowMs ?? 10 * 60_000),
    max_age: nanos(spec.maxAgeMs ?? 7 * 24 * 3_600_000),
    num_replicas: spec.replicas ?? streamReplicas(),
  };
  try {
    const info = await jsm.streams.info(spec.name);
    const same =
      JSON.stringify([...info.config.subjects].sort()) === JSON.stringify([...spec.subjects].sort()) &&
      info.config.duplicate_window === config.duplicate_window &&
      info.config.max_age === config.max_age;
    if (!same)
      await jsm.streams.update(spec.name, {
        ...info.config,
        ...config,
        num_replicas: info.config.num_replicas,
      });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config).catch(async (addError: unknown) => {
      // Another replica created it meanwhile.
      if (
        !(await jsm.streams.info(spec.name).then(
          () => true,
          () => false,
        ))
      )
        throw addError;
    });
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.code === 10059;
  return error instanceof Error && /stream not found/i.test(error.message);
}
