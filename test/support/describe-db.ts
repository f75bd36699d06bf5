import { usingPostgres } from './test-database.js';

/**
 * For behaviour that only exists with a shared PostgreSQL (several processes on one database).
 * CI runs the suite against both databases, so these run there on every change.
 */
export const describeWithPostgres: jest.Describe = usingPostgres() ? describe : describe.skip;
