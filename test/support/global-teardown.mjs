// Jest global teardown: drops the run's template database and stops its embedded server.
export default async function globalTeardown() {
  await globalThis.postboteTestServer?.stop();
}
