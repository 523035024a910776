export { FixedClock } from './fixed-clock';
export { createTestDatabase, TEST_NATS_URL, TEST_POSTGRES_URL, uniqueSuffix } from './integration-env';
