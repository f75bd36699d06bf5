/**
 * @deprecated every test pass runs on a real PostgreSQL server now (the embedded one or the
 * machine's), so behaviour across several processes is tested everywhere: use `describe`.
 */
export const describeWithPostgres: jest.Describe = describe;
