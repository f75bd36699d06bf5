import { useTestApp } from '../support/use-test-app.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; properties?: Record<string, { format?: string; enum?: string[] }> } }> } }>>;
}

/** /docs-json must describe every body well enough that a client can be generated from it. */
describe('the API description', () => {
  const harness = useTestApp();

  it('describes the multipart body of the subscriber import: its fields and the file', async () => {
    const document = (await (await harness.app.request('/docs-json')).json()) as OpenApiDocument;
    const schema = document.paths['/api/subscribers/import']?.post?.requestBody?.content['multipart/form-data']?.schema;
    expect(schema?.required).toEqual(['mode', 'file']);
    expect(Object.keys(schema?.properties ?? {})).toEqual(['mode', 'note', 'dryRun', 'file']);
    expect(schema?.properties?.file?.format).toBe('binary');
    expect(schema?.properties?.mode?.enum).toEqual(['consent-documented', 'send-confirmation']);
  });

  it('documents the export options', async () => {
    const document = (await (await harness.app.request('/docs-json')).json()) as { paths: Record<string, { get: { parameters: { name: string }[] } }> };
    const names = document.paths['/api/subscribers/export.csv']?.get.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['delimiter', 'bom']));
  });
});
